namespace SocialCare.Domain.Conversations;

/// <summary>
/// A reply posted with a client's request id, remembered so that a retry finds it: who posted
/// it, which message it became, when, and a fingerprint of what was sent (to tell a retry from
/// another reply under a reused id).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RecordedReply(
    [property: Id(0)] string RequestId,
    [property: Id(1)] string AgentId,
    [property: Id(2)] int MessageSequence,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] ulong Fingerprint)
{
    /// <summary>
    /// FNV-1a over the reply as sent and its visibility: stable across processes and releases
    /// (unlike string.GetHashCode), which a fingerprint stored for 24 hours needs.
    /// </summary>
    public static ulong FingerprintOf(string text, Visibility visibility)
    {
        ArgumentNullException.ThrowIfNull(text);
        const ulong Prime = 1099511628211;
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * Prime;
        }

        return (hash ^ (ulong)visibility) * Prime;
    }
}
