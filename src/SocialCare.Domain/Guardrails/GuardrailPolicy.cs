using SocialCare.Domain.Errors;
using SocialCare.Domain.Text;

namespace SocialCare.Domain.Guardrails;

/// <summary>
/// A tenant's rules for what its agents may send. Personal and account data never go out in
/// public; in private they do unless <see cref="PersonalDataInPrivate"/> is off (a regulated desk).
/// </summary>
/// <param name="BannedWords">Words refused on top of the built-in English and French lists (other languages, brand-specific terms).</param>
/// <param name="ForbiddenPromises">Phrases agents must not write, each with its action.</param>
/// <param name="Identifiers">The tenant's own identifiers (member, account, booking numbers) treated as personal data.</param>
/// <param name="PersonalDataInPrivate">Whether a private reply may carry personal data (the customer's own booking reference, say).</param>
/// <param name="Profanity">What a swear word does: blocked by default.</param>
/// <param name="MaxLinks">The most links one reply may carry.</param>
[GenerateSerializer, Immutable]
public sealed record GuardrailPolicy(
    [property: Id(0)] IReadOnlyList<string> BannedWords,
    [property: Id(1)] IReadOnlyList<ForbiddenPromise> ForbiddenPromises,
    [property: Id(2)] IReadOnlyList<TenantIdentifierPattern> Identifiers,
    [property: Id(3)] bool PersonalDataInPrivate,
    [property: Id(4)] GuardrailAction Profanity,
    [property: Id(5)] int MaxLinks)
{
    public const int MaxRules = 200;

    public static GuardrailPolicy Default { get; } = new([], [], [], true, GuardrailAction.Block, 3);

    /// <summary>Checks a policy a client submitted, with the API's field names under "tenant.guardrails".</summary>
    public GuardrailPolicy Validated()
    {
        const string Field = "tenant.guardrails";
        if (BannedWords.Count > MaxRules || ForbiddenPromises.Count > MaxRules || Identifiers.Count > MaxRules)
        {
            throw CareException.Invalid(Field, $"allows at most {MaxRules} banned words, {MaxRules} forbidden promises and {MaxRules} identifier patterns.");
        }

        for (var i = 0; i < BannedWords.Count; i++)
        {
            FieldRules.RequireText($"{Field}.banned_words[{i}]", BannedWords[i]);
        }

        for (var i = 0; i < ForbiddenPromises.Count; i++)
        {
            FieldRules.RequireText($"{Field}.forbidden_promises[{i}].phrase", ForbiddenPromises[i].Phrase);
            if (!Enum.IsDefined(ForbiddenPromises[i].Action))
            {
                throw CareException.Invalid($"{Field}.forbidden_promises[{i}].action", "must be BLOCK, WARN or APPROVE.");
            }
        }

        for (var i = 0; i < Identifiers.Count; i++)
        {
            Identifiers[i].Validate($"{Field}.identifiers[{i}]");
        }

        if (!Enum.IsDefined(Profanity))
        {
            throw CareException.Invalid($"{Field}.profanity", "must be BLOCK, WARN or APPROVE.");
        }

        if (MaxLinks is < 0 or > 50)
        {
            throw CareException.Invalid($"{Field}.max_links", "must be 0..50.");
        }

        return this;
    }
}
