using System.Globalization;
using System.Text;

namespace SocialCare.Domain.Text;

/// <summary>
/// How long a text is, counted the way people and networks count it: one per user-perceived
/// character (an emoji with its modifiers, a letter with its accents, a CRLF), not per UTF-16
/// code unit; and, for X, the weighted length its 280-character rule is written in.
/// </summary>
public static class TextLength
{
    /// <summary>X's budget for one post, in its own units (see <see cref="XWeighted"/>).</summary>
    public const int XMaxWeightedLength = 280;

    /// <summary>What X counts for any link, however long it is: links are shortened to t.co.</summary>
    public const int XLinkLength = 23;

    /// <summary>User-perceived characters (Unicode extended grapheme clusters).</summary>
    public static int Characters(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        // Nearly every id and most text is plain ASCII without CR: there each code unit is one
        // character, and the grapheme walk (which allocates nothing, but is slower) is skipped.
        if (Ascii.IsValid(text) && !text.Contains('\r', StringComparison.Ordinal))
        {
            return text.Length;
        }

        return new StringInfo(text).LengthInTextElements;
    }

    /// <summary>
    /// X's weighted length: characters of the Latin, Greek, Cyrillic and other scripts up to
    /// U+10FF and common punctuation count 1; other characters (CJK, most symbols) count 2; an
    /// emoji counts 2 however many code points make it; every http(s):// or www. link counts
    /// <see cref="XLinkLength"/>. The text is NFC-normalised first, as X does.
    /// </summary>
    public static int XWeighted(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        var normalized = text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        var weight = 0;
        var index = 0;
        while (index < normalized.Length)
        {
            var linkEnd = LinkEnd(normalized, index);
            if (linkEnd > index)
            {
                weight += XLinkLength;
                index = linkEnd;
                continue;
            }

            var elementLength = StringInfo.GetNextTextElementLength(normalized, index);
            weight += ElementWeight(normalized.AsSpan(index, elementLength));
            index += elementLength;
        }

        return weight;
    }

    private static int ElementWeight(ReadOnlySpan<char> element)
    {
        if (IsEmoji(element))
        {
            return 2;
        }

        var weight = 0;
        foreach (var rune in element.EnumerateRunes())
        {
            weight += IsLight(rune.Value) ? 1 : 2;
        }

        return weight;
    }

    /// <summary>The code point ranges X weighs as one: scripts up to U+10FF and general punctuation.</summary>
    private static bool IsLight(int codePoint) =>
        codePoint <= 0x10FF
        || codePoint is >= 0x2000 and <= 0x200D
        || codePoint is >= 0x2010 and <= 0x201F
        || codePoint is >= 0x2032 and <= 0x2037;

    private static bool IsEmoji(ReadOnlySpan<char> element)
    {
        foreach (var rune in element.EnumerateRunes())
        {
            var c = rune.Value;
            // Pictographs, flags and keycaps (most emoji live at U+1F000 and above), the older
            // symbols and dingbats that have emoji forms, and the presentation selector and
            // joiner that turn a sequence into one emoji.
            if (c is >= 0x1F000 and <= 0x1FAFF or >= 0x2600 and <= 0x27BF or >= 0x2B00 and <= 0x2BFF)
            {
                return true;
            }

            if (c is 0xFE0F or 0x200D or 0x20E3 && element.Length > 1)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The end of a link starting at <paramref name="start"/>, or <paramref name="start"/> when none starts there.</summary>
    private static int LinkEnd(string text, int start)
    {
        if (start > 0 && !char.IsWhiteSpace(text[start - 1]) && text[start - 1] is not '(' and not '"' and not '\'')
        {
            return start;
        }

        var rest = text.AsSpan(start);
        int prefix;
        if (rest.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            prefix = 8;
        }
        else if (rest.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            prefix = 7;
        }
        else if (rest.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
        {
            prefix = 4;
        }
        else
        {
            return start;
        }

        var end = start + prefix;
        while (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }

        // Trailing punctuation ends the sentence, not the link.
        while (end > start + prefix && text[end - 1] is '.' or ',' or '!' or '?' or ')' or ';' or ':' or '"' or '\'')
        {
            end--;
        }

        return end > start + prefix ? end : start;
    }
}
