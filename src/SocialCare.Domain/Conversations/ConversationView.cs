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

    /// <summary>The conversation as the customer's timeline lists it.</summary>
    public ConversationReference Reference => new(ConversationId, Channel, Status, Category, OpenedAt, FirstCustomerPreview);
}
