namespace SocialCare.Domain.Sla;

/// <summary>A breach recorded on a conversation, once per clock.</summary>
[GenerateSerializer, Immutable]
public sealed record SlaBreach(
    [property: Id(0)] SlaClockKind Kind,
    [property: Id(1)] DateTimeOffset StartedAt,
    [property: Id(2)] DateTimeOffset DueAt,
    [property: Id(3)] DateTimeOffset DetectedAt);
