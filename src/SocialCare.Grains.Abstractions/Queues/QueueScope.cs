namespace SocialCare.Grains.Abstractions.Queues;

/// <summary>A tenant's whole queue (TeamId null) or one team's.</summary>
[GenerateSerializer, Immutable]
public sealed record QueueScope(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string? TeamId);
