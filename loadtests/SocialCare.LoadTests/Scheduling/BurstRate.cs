namespace SocialCare.LoadTests.Scheduling;

/// <summary>Base load with one step to <see cref="Factor"/> times it for <see cref="BurstLength"/>.</summary>
internal sealed record BurstRate(double BasePerSecond, double Factor, TimeSpan BurstStart, TimeSpan BurstLength, TimeSpan Duration) : IArrivalRate
{
    public double PerSecondAt(TimeSpan sinceStart) =>
        sinceStart >= BurstStart && sinceStart < BurstStart + BurstLength ? BasePerSecond * Factor : BasePerSecond;
}
