using System.Text.RegularExpressions;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Tenants;

namespace SocialCare.Domain.Guardrails;

/// <summary>
/// Checks a reply, as it will be published (signature included), against the tenant's policy
/// before it is stored: a public reply can be deleted later, but not unseen.
/// </summary>
public static partial class ReplyGuardrails
{
    /// <summary>Letters in a reply before capitals throughout read as shouting (an "OK" or "KLM" does not).</summary>
    private const int ShoutingMinimumLetters = 12;

    [GeneratedRegex(@"(?:https?://|www\.)\S+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex Link();

    public static GuardrailVerdict Check(string body, string? signature, Visibility visibility, GuardrailPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(policy);
        var blocking = new List<GuardrailFinding>();
        var warnings = new List<GuardrailFinding>();
        var approval = new List<GuardrailFinding>();
        void Add(GuardrailFinding finding, GuardrailAction action) =>
            (action switch { GuardrailAction.Block => blocking, GuardrailAction.Approve => approval, _ => warnings }).Add(finding);

        var personal = PersonalData.Find(body, policy.Identifiers);
        if (visibility == Visibility.Public || !policy.PersonalDataInPrivate)
        {
            blocking.AddRange(personal);
        }

        foreach (var word in Profanity.Find(body, policy.BannedWords))
        {
            Add(word, policy.Profanity);
        }

        foreach (var promise in policy.ForbiddenPromises)
        {
            var at = TrackingRules.IndexOfWord(body, promise.Phrase);
            if (at >= 0)
            {
                Add(new GuardrailFinding(FindingKind.ForbiddenPromise, at, promise.Phrase.Length, body.Substring(at, promise.Phrase.Length), "Promise only what the policy allows; say what will happen and when, or ask a supervisor."), promise.Action);
            }
        }

        var words = string.IsNullOrEmpty(signature) ? body.Trim() : body.Replace(signature, "", StringComparison.Ordinal).Trim();
        // An emoji on its own is an answer on social channels ("🙏"); only an empty body is not.
        if (words.Length == 0)
        {
            blocking.Add(new GuardrailFinding(FindingKind.SignatureOnly, 0, body.Length, body, "Write the answer; the signature is added for you."));
        }

        var letters = words.Where(char.IsLetter).ToList();
        if (letters.Count >= ShoutingMinimumLetters && letters.All(c => !char.IsLower(c)) && letters.Any(char.IsUpper))
        {
            warnings.Add(new GuardrailFinding(FindingKind.Shouting, 0, body.Length, ReplyText.Preview(body), "Capitals throughout read as shouting; write in sentence case."));
        }

        var links = Link().Matches(body);
        if (links.Count > policy.MaxLinks)
        {
            var extra = links[policy.MaxLinks];
            blocking.Add(new GuardrailFinding(FindingKind.TooManyLinks, extra.Index, extra.Length, extra.Value, $"At most {policy.MaxLinks} links in one reply; link one page that has the rest."));
        }

        return blocking.Count == 0 && warnings.Count == 0 && approval.Count == 0
            ? GuardrailVerdict.Clear
            : new GuardrailVerdict(blocking, warnings) { NeedApproval = approval };
    }
}
