namespace SocialCare.Domain.Queues;

/// <summary>
/// The published wait for a first response ("we answer within ~20 minutes"). It takes the
/// larger of two views: how long recent customers waited (the median), and how long the current
/// backlog takes to clear at the recent answering rate. Too few recent answers: the policy's
/// promise is published instead.
/// </summary>
public static class WaitEstimator
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(2);
    public const int MinimumSamples = 3;

    public static WaitEstimate Estimate(
        IReadOnlyCollection<FirstResponseSample> samples,
        int backlog,
        DateTimeOffset now,
        TimeSpan policyFirstResponse)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var recent = samples.Where(s => s.RespondedAt <= now && now - s.RespondedAt <= Window).ToList();
        if (recent.Count < MinimumSamples)
        {
            return new WaitEstimate(policyFirstResponse, false, backlog, recent.Count);
        }

        var waits = recent.Select(s => s.Wait).Order().ToList();
        var median = waits.Count % 2 == 1
            ? waits[waits.Count / 2]
            : (waits[(waits.Count / 2) - 1] + waits[waits.Count / 2]) / 2;

        var span = now - recent.Min(s => s.RespondedAt);
        if (span < TimeSpan.FromMinutes(1))
        {
            span = TimeSpan.FromMinutes(1);
        }

        var perAnswer = span / recent.Count;
        var drain = perAnswer * backlog;
        return new WaitEstimate(drain > median ? drain : median, true, backlog, recent.Count);
    }
}
