using System.Globalization;
using System.Text;

namespace SocialCare.Domain.Triage;

/// <summary>What a piece of a social post is, for triage.</summary>
public enum TokenKind
{
    Word = 1,

    /// <summary>":)", ":-(", ":D", "&lt;3".</summary>
    Emoticon = 2,

    Emoji = 3,

    /// <summary>"@brand": who is addressed, not what is said.</summary>
    Handle = 4,

    Link = 5,

    /// <summary>"!" or "?" (runs count once each character).</summary>
    Mark = 6,

    /// <summary>A comma, a full stop and the like: ends a negation's reach.</summary>
    Break = 7,
}

/// <param name="Text">As written ("NOT", "déçu", "😡").</param>
/// <param name="Key">Lower case without accents, apostrophes unified ("not", "decu"); the emoji itself for emoji.</param>
public readonly record struct TriageToken(TokenKind Kind, string Text, string Key)
{
    /// <summary>Written in capitals ("NEVER"), two letters or more.</summary>
    public bool IsShouted => Kind == TokenKind.Word && Text.Length >= 2 && Text.Any(char.IsLetter) && !Text.Any(char.IsLower);
}

/// <summary>Splits a social post into words, emoticons, emoji, handles, links and marks.</summary>
public static class TriageText
{
    private static readonly string[] Emoticons =
    [
        ":-)", ":)", ":-(", ":(", ":-D", ":D", ";-)", ";)", ":-/", ":/", ":-P", ":P", ":p", ":'(", ":-|", ":|", "<3", "</3", "xD", "XD", ":O", ":o", "=)", "=(", "^^", "-_-",
    ];

    public static IReadOnlyList<TriageToken> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Exports of X keep its HTML escapes ("&amp;", "&gt;"): read them as the characters they are.
        if (text.Contains('&', StringComparison.Ordinal))
        {
            text = System.Net.WebUtility.HtmlDecode(text);
        }

        var tokens = new List<TriageToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (StartsLink(text, i))
            {
                var end = i;
                while (end < text.Length && !char.IsWhiteSpace(text[end]))
                {
                    end++;
                }

                tokens.Add(new TriageToken(TokenKind.Link, text[i..end], ""));
                i = end;
                continue;
            }

            if (c is ':' or ';' or '=' or '<' or '^' or '-' or 'x' or 'X' && EmoticonAt(text, i) is { } emoticon)
            {
                tokens.Add(new TriageToken(TokenKind.Emoticon, emoticon, emoticon));
                i += emoticon.Length;
                continue;
            }

            if (char.IsLetterOrDigit(c) || ((c is '@' or '#') && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1])))
            {
                var start = i;
                i++;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_' || IsInnerJoin(text, i)))
                {
                    i++;
                }

                var word = text[start..i];
                if (c == '@')
                {
                    tokens.Add(new TriageToken(TokenKind.Handle, word, ""));
                }
                else
                {
                    // A hashtag says what its words say: "#fail" is keyed "fail" (its text keeps the '#').
                    tokens.Add(new TriageToken(TokenKind.Word, word, Key(c == '#' ? word[1..] : word)));
                }

                continue;
            }

            if (c is '!' or '?')
            {
                tokens.Add(new TriageToken(TokenKind.Mark, c.ToString(), c.ToString()));
                i++;
                continue;
            }

            var element = StringInfo.GetNextTextElementLength(text, i);
            var piece = text.Substring(i, element);
            if (IsEmoji(piece))
            {
                // The base symbol decides ("❤️" and "❤" are one); skin tones and variation selectors do not.
                tokens.Add(new TriageToken(TokenKind.Emoji, piece, BaseOf(piece)));
            }
            else if (c is '.' or ',' or ';' or ':' or '(' or ')' or '…' or '-' or '—')
            {
                tokens.Add(new TriageToken(TokenKind.Break, piece, piece));
            }

            i += element;
        }

        return tokens;
    }

    private static string? EmoticonAt(string text, int i)
    {
        foreach (var emoticon in Emoticons)
        {
            if (string.CompareOrdinal(text, i, emoticon, 0, emoticon.Length) == 0 && Bounded(text, i + emoticon.Length))
            {
                return emoticon;
            }
        }

        return null;
    }

    /// <summary>Lower case, accents dropped, typographic apostrophes made plain: the form lexicons are keyed by.</summary>
    public static string Key(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.All(static c => c < 128 && !char.IsUpper(c) && c != '`'))
        {
            return word;
        }

        return Domain.Text.Folding.Fold(word, static c => c is '’' or '‘' or '`' ? '\'' : c);
    }

    /// <summary>An apostrophe or hyphen between letters belongs to the word ("don't", "aujourd'hui", "ras-le-bol").</summary>
    private static bool IsInnerJoin(string text, int i) =>
        text[i] is '\'' or '’' or '-' && i + 1 < text.Length && char.IsLetter(text[i + 1]) && i > 0 && char.IsLetter(text[i - 1]);

    private static bool StartsLink(string text, int i) =>
        string.CompareOrdinal(text, i, "http://", 0, 7) == 0 || string.CompareOrdinal(text, i, "https://", 0, 8) == 0 || string.CompareOrdinal(text, i, "www.", 0, 4) == 0;

    private static bool Bounded(string text, int end) => end >= text.Length || !char.IsLetterOrDigit(text[end]);

    private static bool IsEmoji(string element)
    {
        var rune = element.EnumerateRunes().First();
        return rune.Value >= 0x1F000 || (rune.Value >= 0x2600 && rune.Value <= 0x27BF) || rune.Value is 0x2B50 or 0x2764;
    }

    private static string BaseOf(string element)
    {
        var rune = element.EnumerateRunes().First();
        return rune.ToString();
    }
}
