namespace SocialCare.Domain.Guardrails;

/// <summary>A phrase agents must not write ("refund guaranteed"), and what writing it does.</summary>
[GenerateSerializer, Immutable]
public sealed record ForbiddenPromise(
    [property: Id(0)] string Phrase,
    [property: Id(1)] GuardrailAction Action);
