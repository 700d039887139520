namespace SocialCare.Domain.Triage;

/// <summary>How one message was classified, and why (for agents and audits).</summary>
[GenerateSerializer, Immutable]
public sealed record TriageResult(
    [property: Id(0)] Category Category,
    [property: Id(1)] Priority Priority,
    [property: Id(2)] Sentiment Sentiment,
    [property: Id(3)] string Reason);
