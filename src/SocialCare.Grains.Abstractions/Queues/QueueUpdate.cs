using SocialCare.Domain.Queues;

namespace SocialCare.Grains.Queues;

/// <summary>A conversation's new queue state, sent by the conversation to its shard.</summary>
[GenerateSerializer, Immutable]
public sealed record QueueUpdate(
    [property: Id(0)] QueueItem Item,
    [property: Id(1)] bool Remove,
    [property: Id(2)] QueueChangeReason Reason,
    [property: Id(3)] FirstResponseSample? FirstResponse);
