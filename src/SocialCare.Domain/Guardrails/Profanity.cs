using System.Globalization;
using System.Text;

namespace SocialCare.Domain.Guardrails;

/// <summary>
/// Finds swear words and insults in English and French, also when written to slip past a filter:
/// digits or symbols for letters ("sh1t", "$hit"), stars for all but the first letter ("f***"),
/// accents dropped or added ("encule", "enculé"), repeated letters ("shiiit"). A word is matched
/// whole, so "Scunthorpe" and "assessment" pass.
/// </summary>
public static class Profanity
{
    /// <summary>
    /// The built-in list, folded (lower case, no accents). Kept to words that are offensive in any
    /// context a care desk writes in; a tenant adds its own (and its other languages) as banned words.
    /// </summary>
    private static readonly HashSet<string> BuiltIn = new(StringComparer.Ordinal)
    {
        // English
        "fuck", "fucking", "fucked", "fucker", "motherfucker", "shit", "shitty", "bullshit", "bitch", "bastard",
        "asshole", "arsehole", "dick", "dickhead", "cunt", "piss", "pissed", "wanker", "bollocks", "twat", "prick", "crap", "damn",
        // French
        "merde", "putain", "connard", "connasse", "salope", "salaud", "encule", "enculer", "bordel", "chier", "foutre",
        "pute", "nique", "niquer", "batard", "con", "conne", "couille", "couilles", "emmerder", "emmerde",
    };

    private static readonly Dictionary<char, char> LookAlikes = new()
    {
        ['0'] = 'o', ['1'] = 'i', ['3'] = 'e', ['4'] = 'a', ['5'] = 's', ['7'] = 't', ['8'] = 'b', ['@'] = 'a', ['$'] = 's', ['!'] = 'i', ['€'] = 'e',
    };

    /// <summary>Every profane word in <paramref name="text"/>, built-in or among <paramref name="banned"/> (the tenant's).</summary>
    public static IReadOnlyList<GuardrailFinding> Find(string text, IReadOnlyCollection<string>? banned = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var extra = banned?.Select(Fold).Where(w => w.Length > 0).ToHashSet(StringComparer.Ordinal) ?? [];
        var found = new List<GuardrailFinding>();
        foreach (var (start, length) in Words(text))
        {
            var raw = text.Substring(start, length);
            if (Matches(raw, extra) is { } word)
            {
                found.Add(new GuardrailFinding(FindingKind.Profanity, start, length, raw, $"\"{word}\" has no place in a reply; say what you mean plainly."));
            }
        }

        return found;
    }

    private static string? Matches(string raw, HashSet<string> extra)
    {
        var folded = Fold(raw);
        if (folded.Length == 0)
        {
            return null;
        }

        var squeezed = Squeeze(folded);
        foreach (var candidate in new[] { folded, squeezed })
        {
            if (BuiltIn.Contains(candidate) || extra.Contains(candidate))
            {
                return candidate;
            }
        }

        // "f***", "s**t": the letters shown stand where they are, each star for one letter.
        if (folded.Contains('*', StringComparison.Ordinal) && folded[0] != '*')
        {
            return BuiltIn.Concat(extra).FirstOrDefault(w => w.Length == folded.Length && Fits(folded, w));
        }

        return null;
    }

    private static bool Fits(string masked, string word)
    {
        for (var i = 0; i < masked.Length; i++)
        {
            if (masked[i] != '*' && masked[i] != word[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Lower case, accents dropped, look-alike digits and symbols read as the letters they stand for.</summary>
    public static string Fold(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return Text.Folding.Fold(word, static c => LookAlikes.GetValueOrDefault(c, c));
    }

    /// <summary>Runs of one letter cut to one ("shiiiit" to "shit"), for words stretched to dodge a filter.</summary>
    private static string Squeeze(string word)
    {
        var squeezed = new StringBuilder(word.Length);
        foreach (var c in word)
        {
            if (squeezed.Length == 0 || squeezed[^1] != c)
            {
                squeezed.Append(c);
            }
        }

        return squeezed.ToString();
    }

    /// <summary>Words: letters, digits and the symbols people write letters with, apostrophes splitting ("l'enculé" gives "enculé").</summary>
    private static IEnumerable<(int Start, int Length)> Words(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '*' or '@' or '$' or '!' or '€' || CharUnicodeInfo.GetUnicodeCategory(text[i]) == UnicodeCategory.NonSpacingMark);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                // A trailing "!" ends a sentence more often than it spells an "i".
                var end = i;
                while (end > start + 1 && text[end - 1] == '!')
                {
                    end--;
                }

                yield return (start, end - start);
                start = -1;
            }
        }
    }
}
