namespace SocialCare.LoadTests.Scheduling;

/// <summary>
/// A week of traffic compressed by <see cref="Compression"/> (a factor of 336 plays the week in
/// 30 minutes): the rate follows the profile's hour of week, scaled so the run averages
/// <see cref="MeanPerSecond"/>, with an optional viral spike on top.
/// </summary>
internal sealed record WeekReplayRate(WeekProfile Profile, double MeanPerSecond, double Compression, ViralSpike? Spike) : IArrivalRate
{
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    public TimeSpan Duration => Week / Compression;

    public double PerSecondAt(TimeSpan sinceStart)
    {
        var weekTime = sinceStart * Compression;
        var hour = Math.Clamp((int)weekTime.TotalHours, 0, WeekProfile.HoursPerWeek - 1);
        var rate = MeanPerSecond * Profile.Weights[hour];
        return Spike is { } spike && weekTime >= spike.Start && weekTime < spike.Start + spike.Length ? rate * spike.Factor : rate;
    }
}

/// <summary>A post gone viral: <see cref="Factor"/> times the usual volume from <see cref="Start"/> (time into the week).</summary>
internal sealed record ViralSpike(TimeSpan Start, TimeSpan Length, double Factor);
