namespace SocialCare.Domain.Queues;

/// <summary>How long one customer waited for a first response, and when it came.</summary>
[GenerateSerializer, Immutable]
public readonly record struct FirstResponseSample(
    [property: Id(0)] DateTimeOffset RespondedAt,
    [property: Id(1)] TimeSpan Wait);
