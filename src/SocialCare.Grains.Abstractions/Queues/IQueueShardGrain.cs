using SocialCare.Domain.Queues;

namespace SocialCare.Grains.Abstractions.Queues;

/// <summary>
/// One of several shards of a team's queue, keyed "{tenant}/{team}/{shard}". Conversations are
/// spread over shards by id, so no single grain sees every mention of a busy team; readers merge
/// the shards' heads.
/// </summary>
public interface IQueueShardGrain : IGrainWithStringKey
{
    Task ApplyAsync(QueueUpdate update);

    /// <summary>Items after <paramref name="after"/> in work order.</summary>
    Task<IReadOnlyList<QueueItem>> ListAsync(QueuePosition? after, int take, QueueFilter filter);

    Task<QueueShardStats> GetStatsAsync();

    /// <summary>Subscribes, or renews a subscription; subscriptions lapse unless renewed.</summary>
    Task SubscribeAsync(IQueueObserver observer);

    Task UnsubscribeAsync(IQueueObserver observer);
}
