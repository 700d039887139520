using SocialCare.Domain.Queues;

namespace SocialCare.Grains.Abstractions.Queues;

/// <summary>A change as watchers see it. Sequence numbers are per shard and have no gaps.</summary>
[GenerateSerializer, Immutable]
public sealed record QueueChange(
    [property: Id(0)] QueueChangeKind Kind,
    [property: Id(1)] QueueChangeReason Reason,
    [property: Id(2)] QueueItem Item,
    [property: Id(3)] string Shard,
    [property: Id(4)] long Sequence,
    [property: Id(5)] DateTimeOffset At);
