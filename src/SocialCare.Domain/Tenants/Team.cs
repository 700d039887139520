namespace SocialCare.Domain.Tenants;

[GenerateSerializer, Immutable]
public sealed record Team(
    [property: Id(0)] string TeamId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] TeamTier Tier);
