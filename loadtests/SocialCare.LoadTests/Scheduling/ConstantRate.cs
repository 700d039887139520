namespace SocialCare.LoadTests.Scheduling;

internal sealed record ConstantRate(double PerSecond, TimeSpan Duration) : IArrivalRate
{
    public double PerSecondAt(TimeSpan sinceStart) => PerSecond;
}
