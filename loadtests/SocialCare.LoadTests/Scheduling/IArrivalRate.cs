namespace SocialCare.LoadTests.Scheduling;

/// <summary>An injection shape: how many requests per second to start at each moment of a run.</summary>
internal interface IArrivalRate
{
    TimeSpan Duration { get; }

    double PerSecondAt(TimeSpan sinceStart);
}
