namespace SocialCare.Domain.Guardrails;

/// <summary>What the guardrails made of a reply: what blocks it, what only warns, and what sends it to a supervisor.</summary>
[GenerateSerializer, Immutable]
public sealed record GuardrailVerdict(
    [property: Id(0)] IReadOnlyList<GuardrailFinding> Blocking,
    [property: Id(1)] IReadOnlyList<GuardrailFinding> Warnings)
{
    public static GuardrailVerdict Clear { get; } = new([], []);

    /// <summary>Findings whose rule says "approve": the reply waits for a supervisor (see <see cref="Approvals.ApprovalPolicy"/>).</summary>
    [Id(2)]
    public IReadOnlyList<GuardrailFinding> NeedApproval
    {
        get => field ?? [];
        init;
    }

    public bool Blocked => Blocking.Count > 0;
}
