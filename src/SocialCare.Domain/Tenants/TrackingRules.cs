using SocialCare.Domain.Conversations;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Text;

namespace SocialCare.Domain.Tenants;

/// <summary>
/// Which posts found by searching for the brand (keyword mentions: the brand named without its
/// account) the desk takes in, and where they go. Addressed mentions are always taken; these rules
/// judge only the others, which are proactive work (a customer talking about the brand, not to it)
/// and land at low priority in <see cref="TeamId"/>'s queue instead of among the complaints.
/// </summary>
/// <param name="Keywords">A keyword mention must contain one of these (whole words, any case); none listed takes every one the connector found.</param>
/// <param name="Exclusions">A keyword mention containing any of these is not taken (competitors' names, job ads, a homonym).</param>
/// <param name="Languages">Languages taken (ISO 639-1, e.g. "en", "fr"); none listed takes all, and a post whose language the connector did not give is taken.</param>
/// <param name="TeamId">The team whose queue keyword mentions open in; null for the tenant's default team.</param>
[GenerateSerializer, Immutable]
public sealed record TrackingRules(
    [property: Id(0)] IReadOnlyList<string> Keywords,
    [property: Id(1)] IReadOnlyList<string> Exclusions,
    [property: Id(2)] IReadOnlyList<string> Languages,
    [property: Id(3)] string? TeamId)
{
    public const int MaxTerms = 200;
    public const int MaxTermLength = 100;

    /// <summary>No rules: every keyword mention a connector delivers is taken, in the default team.</summary>
    public static TrackingRules None { get; } = new([], [], [], null);

    /// <summary>Whether a keyword mention is taken, and if not, why (in words for the connector's log).</summary>
    public (bool Taken, string Reason) Judge(string text, string? language)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Languages.Count > 0 && !string.IsNullOrEmpty(language) && !Languages.Contains(language.ToLowerInvariant(), StringComparer.Ordinal))
        {
            return (false, $"its language \"{language}\" is not one the tenant tracks ({string.Join(", ", Languages)})");
        }

        if (Exclusions.FirstOrDefault(e => ContainsWord(text, e)) is { } excluded)
        {
            return (false, $"it contains the excluded term \"{excluded}\"");
        }

        if (Keywords.Count > 0 && !Keywords.Any(k => ContainsWord(text, k)))
        {
            return (false, "it contains none of the tenant's tracked keywords");
        }

        return (true, "");
    }

    /// <summary>
    /// <paramref name="term"/> in <paramref name="text"/>, ignoring case, not inside a longer word:
    /// "ryan" is not found in "bryant", "KLM" is found in "@KLM's" and "#klm".
    /// </summary>
    public static bool ContainsWord(string text, string term) => IndexOfWord(text, term) >= 0;

    /// <summary>Where <paramref name="term"/> first stands as a whole word in <paramref name="text"/> (any case); -1 if nowhere.</summary>
    public static int IndexOfWord(string text, string term)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(term);
        for (var at = text.IndexOf(term, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(term, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var before = at == 0 || !char.IsLetterOrDigit(text[at - 1]);
            var end = at + term.Length;
            var after = end == text.Length || !char.IsLetterOrDigit(text[end]);
            if (before && after)
            {
                return at;
            }
        }

        return -1;
    }

    /// <summary>Checks rules a client submitted, with the API's field names under "tenant.tracking".</summary>
    public TrackingRules Validated(TenantSettings tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        Terms("tenant.tracking.keywords", Keywords);
        Terms("tenant.tracking.exclusions", Exclusions);
        LanguageCodes("tenant.tracking.languages", Languages);

        if (TeamId is not null && !tenant.HasTeam(TeamId))
        {
            throw CareException.Invalid("tenant.tracking.team_id", $"{Echo.Quote(TeamId)} is not one of the tenant's teams.");
        }

        return this;
    }

    /// <summary>ISO 639-1 codes in lower case; the first that is not one is refused by its index.</summary>
    internal static void LanguageCodes(string field, IReadOnlyList<string> languages)
    {
        if (languages.Count > MaxTerms)
        {
            throw CareException.Invalid(field, $"has {languages.Count} languages; at most {MaxTerms}.");
        }

        for (var i = 0; i < languages.Count; i++)
        {
            if (languages[i] is not { Length: 2 } code || !code.All(char.IsAsciiLetterLower))
            {
                throw CareException.Invalid($"{field}[{i}]", $"{Echo.Quote(languages[i])} is not a two-letter ISO 639-1 code in lower case, such as \"en\" or \"fr\".");
            }
        }
    }

    /// <summary>Whole-word terms: at most <see cref="MaxTerms"/>, none blank, none longer than <see cref="MaxTermLength"/>.</summary>
    internal static void Terms(string field, IReadOnlyList<string> terms)
    {
        if (terms.Count > MaxTerms)
        {
            throw CareException.Invalid(field, $"has {terms.Count} terms; at most {MaxTerms}.");
        }

        for (var i = 0; i < terms.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(terms[i]))
            {
                throw CareException.Invalid($"{field}[{i}]", "must not be empty.");
            }

            FieldRules.Bounded($"{field}[{i}]", terms[i], MaxTermLength);
        }
    }
}
