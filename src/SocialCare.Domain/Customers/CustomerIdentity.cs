using SocialCare.Domain.Conversations;

namespace SocialCare.Domain.Customers;

/// <summary>One account of a customer on one channel.</summary>
[GenerateSerializer, Immutable]
public sealed record CustomerIdentity(
    [property: Id(0)] Channel Channel,
    [property: Id(1)] string NetworkUserId,
    [property: Id(2)] string Handle,
    [property: Id(3)] string DisplayName);
