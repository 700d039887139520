namespace SocialCare.LoadTests.Scheduling;

/// <summary>
/// The open model: the moments requests are due to start, fixed before the run from the rate
/// alone. A request starts on schedule whether or not earlier ones have answered, and its
/// latency counts from this scheduled moment, so a stalled server cannot hide its stall by
/// slowing the client down (no coordinated omission).
/// </summary>
internal static class ArrivalSchedule
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Start offsets, ascending: the rate is integrated in 1 ms steps and a request is due each
    /// time the running total passes a whole number, so arrivals are spread evenly at the local
    /// rate and the count over any window matches the rate's integral to within one.
    /// </summary>
    public static IEnumerable<TimeSpan> Arrivals(IArrivalRate rate)
    {
        ArgumentNullException.ThrowIfNull(rate);
        var owed = 0.0;
        for (var at = TimeSpan.Zero; at < rate.Duration; at += Step)
        {
            var perSecond = rate.PerSecondAt(at);
            if (perSecond < 0 || double.IsNaN(perSecond))
            {
                throw new InvalidOperationException($"The arrival rate at {at} is {perSecond}; it must be zero or more.");
            }

            owed += perSecond * Step.TotalSeconds;
            while (owed >= 1)
            {
                owed -= 1;
                yield return at;
            }
        }
    }
}
