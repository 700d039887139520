using SocialCare.Domain.Conversations;
using SocialCare.Domain.Triage;

namespace SocialCare.Domain.Queues;

/// <summary>An open conversation as its team's queue shows it.</summary>
[GenerateSerializer, Immutable]
public sealed record QueueItem(
    [property: Id(0)] string ConversationId,
    [property: Id(1)] string TeamId,
    [property: Id(2)] Channel Channel,
    [property: Id(3)] ConversationStatus Status,
    [property: Id(4)] Priority Priority,
    [property: Id(5)] Category Category,
    [property: Id(6)] string? AssignedAgentId,
    [property: Id(7)] string AuthorHandle,
    [property: Id(8)] string Preview,
    [property: Id(9)] DateTimeOffset OpenedAt,
    [property: Id(10)] DateTimeOffset? NextDueAt,
    [property: Id(11)] bool SlaBreached,
    [property: Id(12)] DateTimeOffset UpdatedAt,
    [property: Id(13)] int MessageCount)
{
    /// <summary>The latest reply could not be delivered: the customer has not seen it.</summary>
    [Id(14)] public bool ReplyUndelivered { get; init; }

    /// <summary>A reply waits for a supervisor's approval: the approvals queue lists these.</summary>
    [Id(15)] public bool AwaitingApproval { get; init; }

    /// <summary>The waiting reply is past the approval policy's limit.</summary>
    [Id(16)] public bool ApprovalEscalated { get; init; }

    public QueuePosition Position => new(Priority, NextDueAt ?? DateTimeOffset.MaxValue, OpenedAt, ConversationId);
}
