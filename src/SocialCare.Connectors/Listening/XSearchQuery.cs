using System.Text;

namespace SocialCare.Connectors.Listening;

/// <summary>
/// The X search query for a brand's tracking rules: any keyword (phrases quoted), none of the
/// exclusions, in the tenant's languages, no reposts, not the brand's own posts. X caps a query's
/// length (512 characters on the self-serve tiers): keywords that do not fit are left out, and
/// the caller is told which.
/// </summary>
public static class XSearchQuery
{
    public const int MaxLength = 512;

    /// <returns>The query (null when there is no keyword to search for) and the keywords left out for length.</returns>
    public static (string? Query, IReadOnlyList<string> LeftOut) Build(IEnumerable<string> keywords, IEnumerable<string> exclusions, IEnumerable<string> languages, string brandAccountId)
    {
        ArgumentNullException.ThrowIfNull(keywords);
        ArgumentNullException.ThrowIfNull(exclusions);
        ArgumentNullException.ThrowIfNull(languages);
        var terms = keywords.Select(Term).Where(t => t is not null).Cast<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (terms.Count == 0)
        {
            return (null, []);
        }

        var tail = new StringBuilder();
        foreach (var exclusion in exclusions.Select(Term).Where(t => t is not null))
        {
            tail.Append(" -").Append(exclusion);
        }

        var langs = languages.Where(l => l.Length == 2 && l.All(char.IsAsciiLetterLower)).ToList();
        if (langs.Count == 1)
        {
            tail.Append(" lang:").Append(langs[0]);
        }
        else if (langs.Count > 1)
        {
            tail.Append(" (").Append(string.Join(" OR ", langs.Select(l => "lang:" + l))).Append(')');
        }

        tail.Append(" -is:retweet");
        if (!string.IsNullOrEmpty(brandAccountId) && brandAccountId.All(char.IsAsciiDigit))
        {
            tail.Append(" -from:").Append(brandAccountId);
        }

        var taken = new List<string>();
        var leftOut = new List<string>();
        foreach (var term in terms)
        {
            var candidate = Group([.. taken, term]);
            if (candidate.Length + tail.Length <= MaxLength)
            {
                taken.Add(term);
            }
            else
            {
                leftOut.Add(term);
            }
        }

        return taken.Count == 0 ? (null, leftOut) : (Group(taken) + tail, leftOut);
    }

    private static string Group(List<string> terms) => terms.Count == 1 ? terms[0] : $"({string.Join(" OR ", terms)})";

    /// <summary>A keyword as a search term: a phrase is quoted; quotes inside are dropped (X's syntax has no escape).</summary>
    private static string? Term(string keyword)
    {
        var clean = keyword.Replace("\"", "", StringComparison.Ordinal).Trim();
        if (clean.Length == 0)
        {
            return null;
        }

        return clean.Any(c => char.IsWhiteSpace(c) || c is '(' or ')' or ':' or '-' or '#' or '@') ? $"\"{clean}\"" : clean;
    }
}
