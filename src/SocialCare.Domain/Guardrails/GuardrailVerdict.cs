namespace SocialCare.Domain.Guardrails;

/// <summary>What the guardrails made of a reply: what blocks it, and what only warns.</summary>
[GenerateSerializer, Immutable]
public sealed record GuardrailVerdict(
    [property: Id(0)] IReadOnlyList<GuardrailFinding> Blocking,
    [property: Id(1)] IReadOnlyList<GuardrailFinding> Warnings)
{
    public static GuardrailVerdict Clear { get; } = new([], []);

    public bool Blocked => Blocking.Count > 0;
}
