namespace SocialCare.Domain.Guardrails;

/// <summary>
/// One thing a guardrail found: what, where (UTF-16 offsets in the text checked), the excerpt as it
/// may be shown (personal data masked, never echoed whole), and what to do instead.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record GuardrailFinding(
    [property: Id(0)] FindingKind Kind,
    [property: Id(1)] int Start,
    [property: Id(2)] int Length,
    [property: Id(3)] string Excerpt,
    [property: Id(4)] string Suggestion)
{
    public int End => Start + Length;

    public bool IsPersonalData => Kind is FindingKind.PaymentCard or FindingKind.Iban or FindingKind.Email or FindingKind.Phone or FindingKind.TenantIdentifier;
}
