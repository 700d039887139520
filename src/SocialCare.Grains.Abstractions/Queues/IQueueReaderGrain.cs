using SocialCare.Domain.Queues;

namespace SocialCare.Grains.Abstractions.Queues;

/// <summary>
/// Reads a queue by fanning out to its shards and merging; a stateless worker, so reads scale
/// with silos and never queue behind writes in one place.
/// </summary>
public interface IQueueReaderGrain : IGrainWithIntegerKey
{
    Task<QueuePage> ListAsync(QueueScope scope, QueuePosition? after, int pageSize, QueueFilter filter);

    Task<WaitEstimate> EstimateWaitAsync(QueueScope scope);

    /// <summary>The shard grain keys of a scope, for subscribing watchers.</summary>
    Task<IReadOnlyList<string>> ShardKeysAsync(QueueScope scope);
}
