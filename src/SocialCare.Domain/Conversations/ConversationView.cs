using SocialCare.Domain.Customers;
using SocialCare.Domain.Queues;
using SocialCare.Domain.Sla;
using SocialCare.Domain.Triage;

namespace SocialCare.Domain.Conversations;

/// <summary>
/// What callers of a conversation see: a snapshot taken after a change (or for a read), with its
/// recent messages and what its rules compute (work-order priority, SLA clocks, the queue's row).
/// Immutable, so a grain call hands it over without Orleans copying the whole aggregate, and
/// nobody outside the conversation can change it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ConversationView(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string ConversationId,
    [property: Id(2)] string CustomerId,
    [property: Id(3)] Channel Channel,
    [property: Id(4)] string AccountId,
    [property: Id(5)] string? GroupId,
    [property: Id(6)] AuthorProfile? Author,
    [property: Id(7)] ConversationStatus Status,
    [property: Id(8)] string TeamId,
    [property: Id(9)] string? AssignedAgentId,
    [property: Id(10)] Priority Priority,
    [property: Id(11)] Category Category,
    [property: Id(12)] Sentiment Sentiment,
    [property: Id(13)] Sentiment FirstSentiment,
    [property: Id(14)] DateTimeOffset OpenedAt,
    [property: Id(15)] DateTimeOffset UpdatedAt,
    [property: Id(16)] DateTimeOffset? FirstResponseAt,
    [property: Id(17)] DateTimeOffset? ResolvedAt,
    [property: Id(18)] int ReopenCount,
    [property: Id(19)] int MessageSequence,
    [property: Id(20)] int? AwaitingApproval,
    [property: Id(21)] bool ApprovalEscalated,
    [property: Id(22)] IReadOnlyList<ConversationMessage> RecentMessages,
    [property: Id(23)] IReadOnlyList<SlaClock> SlaClocks,
    [property: Id(24)] IReadOnlyList<SlaBreach> Breaches,
    [property: Id(25)] IReadOnlyList<Escalation> Escalations,
    [property: Id(26)] QueueItem Queue,
    [property: Id(27)] Priority TriagePriority,
    [property: Id(28)] bool ReplyUndelivered,
    [property: Id(29)] string FirstCustomerPreview,
    [property: Id(30)] string LatestCustomerPreview)
{
    public bool Exists => ConversationId.Length > 0;

    /// <summary>Labels the care policy gave the conversation.</summary>
    [Id(31)] public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The care policy version whose rules decided the priority (0: the default policy).</summary>
    [Id(32)] public long PolicyVersion { get; init; }

    /// <summary>The rules of that version that matched, in order.</summary>
    [Id(33)] public IReadOnlyList<string> PolicyRules { get; init; } = [];

    /// <summary>How <see cref="Priority"/> came about, one part each, the last part the one in force.</summary>
    [Id(34)] public IReadOnlyList<Policies.PriorityReason> PriorityReasons { get; init; } = [];

    /// <summary>A policy rule said every reply waits for a supervisor's approval.</summary>
    [Id(35)] public bool PolicyRequiresApproval { get; init; }

    /// <summary>The conversation as the customer's timeline lists it.</summary>
    public ConversationReference Reference => new(ConversationId, Channel, Status, Category, OpenedAt, FirstCustomerPreview);
}
