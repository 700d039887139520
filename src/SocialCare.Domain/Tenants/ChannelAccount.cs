using SocialCare.Domain.Conversations;

namespace SocialCare.Domain.Tenants;

/// <summary>One of the brand's own accounts on a channel.</summary>
[GenerateSerializer, Immutable]
public sealed record ChannelAccount(
    [property: Id(0)] Channel Channel,
    [property: Id(1)] string AccountId,
    [property: Id(2)] string Handle,
    [property: Id(3)] AccountPurpose Purpose);
