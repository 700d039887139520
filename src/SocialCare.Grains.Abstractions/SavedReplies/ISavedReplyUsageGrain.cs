using Orleans.Concurrency;

namespace SocialCare.Grains.Abstractions.SavedReplies;

/// <summary>
/// How often each of a tenant's saved replies was sent, keyed by tenant id: the supervisor's view of
/// which answers the desk uses. Kept apart from the tenant's settings so that sending a reply never
/// rewrites them.
/// </summary>
public interface ISavedReplyUsageGrain : IGrainWithStringKey
{
    /// <summary>Counts one use; the reply is already stored, so nobody waits for this.</summary>
    [OneWay]
    Task RecordAsync(string savedReplyId, DateTimeOffset at);

    Task<IReadOnlyList<SavedReplyUsage>> ReadAsync();
}

/// <summary>One saved reply's uses.</summary>
[GenerateSerializer, Immutable]
public sealed record SavedReplyUsage(
    [property: Id(0)] string SavedReplyId,
    [property: Id(1)] long Uses,
    [property: Id(2)] DateTimeOffset LastUsedAt);
