using SocialCare.Domain.Customers;

namespace SocialCare.Grains.Customers;

[GenerateSerializer, Immutable]
public sealed record CustomerProfile(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] IReadOnlyList<CustomerIdentity> Identities,
    [property: Id(2)] IReadOnlyList<ConversationReference> Conversations);
