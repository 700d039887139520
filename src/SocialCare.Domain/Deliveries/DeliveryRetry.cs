using SocialCare.Domain.Conversations;

namespace SocialCare.Domain.Deliveries;

/// <summary>
/// When a failed delivery is tried again: exponential backoff from <see cref="FirstDelay"/>,
/// capped at <see cref="MaxDelay"/>, with jitter so that deliveries failed by one outage do not
/// all return in the same second; given up after a number of failures that depends on the network.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DeliveryRetry(
    [property: Id(0)] TimeSpan FirstDelay,
    [property: Id(1)] TimeSpan MaxDelay)
{
    public static DeliveryRetry Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(15));

    /// <summary>Failures before a delivery is given up: the channel's (see <see cref="ChannelProfile"/>).</summary>
    public static int MaxFailures(Channel channel) => ChannelProfile.Of(channel).MaxDeliveryFailures;

    /// <summary>The wait before the next try after <paramref name="failures"/> failures.</summary>
    /// <param name="failures">Failures so far, at least 1.</param>
    /// <param name="jitter">A number in [0, 1): the wait is between half and all of the exponential delay.</param>
    public TimeSpan Backoff(int failures, double jitter)
    {
        var exponent = Math.Clamp(failures - 1, 0, 30);
        var ceiling = Math.Min(FirstDelay.Ticks * Math.Pow(2, exponent), MaxDelay.Ticks);
        var fraction = 0.5 + (Math.Clamp(jitter, 0, 1) / 2);
        return TimeSpan.FromTicks((long)(ceiling * fraction));
    }

    /// <summary>
    /// The wait the network asked for, or the backoff when it said nothing; never longer than
    /// <see cref="MaxDelay"/>, so a wrong header cannot park a reply for days.
    /// </summary>
    public TimeSpan RateLimitWait(TimeSpan? retryAfter, int failures, double jitter) =>
        retryAfter is { } asked && asked > TimeSpan.Zero
            ? (asked < MaxDelay ? asked : MaxDelay)
            : Backoff(Math.Max(1, failures + 1), jitter);
}
