using SocialCare.Domain.Customers;

namespace SocialCare.Grains.Abstractions.Customers;

[GenerateSerializer, Immutable]
public sealed record CustomerProfile(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] IReadOnlyList<CustomerIdentity> Identities,
    [property: Id(2)] IReadOnlyList<ConversationReference> Conversations)
{
    /// <summary>
    /// The customer id this one was merged into, when every identity was linked there: the record
    /// stays as a pointer (no identities, no conversations) so old links lead to the person.
    /// </summary>
    [Id(3)] public string? MergedInto { get; init; }
}
