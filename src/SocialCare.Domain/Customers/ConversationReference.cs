using SocialCare.Domain.Conversations;
using SocialCare.Domain.Triage;

namespace SocialCare.Domain.Customers;

/// <summary>A conversation as listed on its customer.</summary>
[GenerateSerializer, Immutable]
public sealed record ConversationReference(
    [property: Id(0)] string ConversationId,
    [property: Id(1)] Channel Channel,
    [property: Id(2)] ConversationStatus Status,
    [property: Id(3)] Category Category,
    [property: Id(4)] DateTimeOffset OpenedAt,
    [property: Id(5)] string Preview);
