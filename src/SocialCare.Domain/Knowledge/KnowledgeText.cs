using System.Globalization;
using System.Text;
using SocialCare.Domain.Errors;

namespace SocialCare.Domain.Knowledge;

/// <summary>
/// Word matching for knowledge search where PostgreSQL's full-text search is not there (the
/// in-memory profile) and for saved replies, which live with the tenant's settings: words are
/// compared without case or accents and with plural and verb endings trimmed, so "refunds" finds
/// "refund" and "remboursé" finds "rembourse".
/// </summary>
public static class KnowledgeText
{
    public const int MaxQueryLength = 200;

    /// <summary>Words too common to tell one case from another.</summary>
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "be", "but", "by", "do", "for", "from", "has", "have", "i", "in", "is", "it", "me", "my", "no", "not",
        "of", "on", "or", "so", "that", "the", "this", "to", "was", "we", "with", "you", "your",
        "au", "aux", "ce", "de", "des", "du", "en", "est", "et", "il", "je", "la", "le", "les", "mon", "ne", "pas", "pour", "que", "un", "une", "vous",
    };

    /// <summary>A query's distinct words; a query with none worth searching is INVALID_ARGUMENT naming <paramref name="field"/>.</summary>
    public static IReadOnlyList<string> QueryTerms(string field, string? query)
    {
        var text = Text.FieldRules.RequireText(field, query);
        if (text.Length > MaxQueryLength)
        {
            throw CareException.Invalid(field, $"is {text.Length} characters; at most {MaxQueryLength}.");
        }

        var terms = Terms(text).Distinct(StringComparer.Ordinal).ToList();
        return terms.Count > 0
            ? terms
            : throw CareException.Invalid(field, "has no word to search for (words of two letters or more, other than the most common ones).");
    }

    /// <summary>A query's distinct words as written (lower case, accents kept), for a search engine that stems them itself.</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text.Append(' '))
        {
            if (char.IsLetterOrDigit(c) || (word.Length > 0 && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark))
            {
                word.Append(char.ToLowerInvariant(c));
                continue;
            }

            var found = word.ToString();
            word.Clear();
            if (found.Length >= 2 && !Ignored.Contains(found) && !words.Contains(found, StringComparer.Ordinal))
            {
                words.Add(found);
            }
        }

        return words;
    }

    /// <summary>The comparable form of each word in <paramref name="text"/>, in order.</summary>
    public static IEnumerable<string> Terms(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var word = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && word.Length > 0)
            {
                if (Stem(word.ToString()) is { } term)
                {
                    yield return term;
                }

                word.Clear();
            }
        }

        if (word.Length > 0 && Stem(word.ToString()) is { } last)
        {
            yield return last;
        }
    }

    /// <summary>
    /// How well <paramref name="text"/> answers the query: the share of its terms found, so a case
    /// matching every word ranks above one matching most; 0 when none is found.
    /// </summary>
    public static double Score(IReadOnlyList<string> queryTerms, string text)
    {
        ArgumentNullException.ThrowIfNull(queryTerms);
        if (queryTerms.Count == 0)
        {
            return 0;
        }

        var words = Terms(text).ToHashSet(StringComparer.Ordinal);
        return (double)queryTerms.Count(words.Contains) / queryTerms.Count;
    }

    private static string? Stem(string word)
    {
        if (word.Length < 2 || Ignored.Contains(word))
        {
            return null;
        }

        // A light stemmer for English and French endings: enough for "refunds"/"refunded",
        // "delays"/"delayed", "remboursement"/"rembourse"; never below three letters.
        if (word.Length >= 5 && word.EndsWith("ies", StringComparison.Ordinal))
        {
            return string.Concat(word.AsSpan(0, word.Length - 3), "y");
        }

        foreach (var ending in (ReadOnlySpan<string>)["ements", "ement", "ings", "ing", "ed", "es", "s", "e"])
        {
            if (word.Length - ending.Length >= 3 && word.EndsWith(ending, StringComparison.Ordinal))
            {
                return word[..^ending.Length];
            }
        }

        return word;
    }
}
