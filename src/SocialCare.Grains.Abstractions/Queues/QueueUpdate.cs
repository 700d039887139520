using SocialCare.Domain.Queues;

namespace SocialCare.Grains.Abstractions.Queues;

/// <summary>Whether a conversation is in its team's queue after a change.</summary>
public enum QueuePlacement
{
    /// <summary>Open: listed (or still listed) in work order.</summary>
    Listed = 1,

    /// <summary>Resolved, or moved to another team's queue: taken off this one.</summary>
    Removed = 2,
}

/// <summary>A conversation's new queue state, sent by the conversation to its shard.</summary>
[GenerateSerializer, Immutable]
public sealed record QueueUpdate(
    [property: Id(0)] QueueItem Item,
    [property: Id(1)] QueuePlacement Placement,
    [property: Id(2)] QueueChangeReason Reason,
    [property: Id(3)] FirstResponseSample? FirstResponse);
