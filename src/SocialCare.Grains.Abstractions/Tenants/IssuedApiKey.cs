using SocialCare.Domain.Access;

namespace SocialCare.Grains.Abstractions.Tenants;

/// <summary>A new key and its secret, which exists nowhere else once this is returned.</summary>
[GenerateSerializer, Immutable]
public sealed record IssuedApiKey([property: Id(0)] ApiKeyRecord Key, [property: Id(1)] string Secret);
