using System.Text.RegularExpressions;
using SocialCare.Domain.Errors;

namespace SocialCare.Domain.Guardrails;

/// <summary>One of the tenant's own identifiers that must not go out in public: a name and a regular expression ("booking reference", "[A-Z]{6}").</summary>
[GenerateSerializer, Immutable]
public sealed record TenantIdentifierPattern(
    [property: Id(0)] string Name,
    [property: Id(1)] string Pattern)
{
    /// <summary>A tenant's pattern runs on every reply: a pathological one is stopped, not left to hang a silo.</summary>
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Where the pattern matches; nothing if it runs past its time limit (then it protects nothing, but stops nothing either).</summary>
    public IReadOnlyList<(int Index, int Length, string Value)> Find(string text)
    {
        var found = new List<(int, int, string)>();
        try
        {
            // The static method compiles through Regex's own cache, so a tenant's patterns are parsed once, not per reply.
            foreach (Match m in Regex.Matches(text, Pattern, RegexOptions.CultureInvariant, MatchTimeout))
            {
                if (m.Length > 0)
                {
                    found.Add((m.Index, m.Length, m.Value));
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            found.Clear();
        }

        return found;
    }

    /// <summary>Checks a pattern a client submitted: it must compile, and must not match empty text.</summary>
    public void Validate(string field)
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw CareException.Invalid($"{field}.name", "must not be empty.");
        }

        try
        {
            var regex = new Regex(Pattern, RegexOptions.CultureInvariant, MatchTimeout);
            if (regex.IsMatch(""))
            {
                throw CareException.Invalid($"{field}.pattern", "matches empty text, so it would flag every reply.");
            }
        }
        catch (ArgumentException invalid)
        {
            throw CareException.Invalid($"{field}.pattern", $"is not a regular expression: {invalid.Message}");
        }
    }
}
