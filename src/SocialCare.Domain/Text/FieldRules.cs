using SocialCare.Domain.Conversations;
using SocialCare.Domain.Errors;

namespace SocialCare.Domain.Text;

/// <summary>
/// The documented limits of every string a client sends, in one place. Lengths are counted in
/// user-perceived characters (<see cref="TextLength.Characters"/>); a refusal names the field and
/// never quotes more than <see cref="Echo.MaxQuoted"/> characters of what was sent.
/// </summary>
public static class FieldRules
{
    /// <summary>An id that must be present: at most <see cref="ConversationLimits.MaxIdLength"/> characters, no control characters.</summary>
    public static void RequireId(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw CareException.Invalid(field, "is required.");
        }

        OptionalId(field, value);
    }

    /// <summary>An id that may be empty; when present, the rules of <see cref="RequireId"/>.</summary>
    public static void OptionalId(string field, string? value) =>
        Bounded(field, value, ConversationLimits.MaxIdLength);

    /// <summary>A short single-line value (an id, a handle, a name): at most <paramref name="maxCharacters"/>, no control characters.</summary>
    public static void Bounded(string field, string? value, int maxCharacters)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        // A value many times over the limit is refused without counting it.
        if (value.Length > maxCharacters * MaxCodeUnitsPerCharacter || TextLength.Characters(value) > maxCharacters)
        {
            throw CareException.Invalid(field, $"is longer than {maxCharacters} characters.");
        }

        if (value.Any(char.IsControl))
        {
            throw CareException.Invalid(field, "must not contain control characters.");
        }
    }

    /// <summary>
    /// Free text (a mention, a reply, a note): not blank, at most
    /// <see cref="ConversationLimits.MaxTextLength"/> characters, no NUL. Line breaks, tabs and
    /// any other character are kept as sent.
    /// </summary>
    /// <returns>The text without leading and trailing white space.</returns>
    public static string RequireText(string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw CareException.Invalid(field, "is required and must not be blank.");
        }

        CheckText(field, text);
        return text.Trim();
    }

    /// <summary>The rules of <see cref="RequireText"/> for text that may be absent; blank counts as absent.</summary>
    public static string? OptionalText(string field, string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : RequireText(field, text);

    private static void CheckText(string field, string text)
    {
        if (text.Length > ConversationLimits.MaxTextCodeUnits)
        {
            throw CareException.Invalid(field, $"is {text.Length} UTF-16 code units; no text may exceed {ConversationLimits.MaxTextCodeUnits}.");
        }

        var characters = TextLength.Characters(text);
        if (characters > ConversationLimits.MaxTextLength)
        {
            throw CareException.Invalid(field, $"is {characters} characters; the limit is {ConversationLimits.MaxTextLength}.");
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw CareException.Invalid(field, "must not contain NUL characters (U+0000).");
        }
    }

    /// <summary>
    /// The most code units a short value may spend per character before it is refused uncounted:
    /// generous for accents and emoji sequences, and a hard bound for anything else.
    /// </summary>
    private const int MaxCodeUnitsPerCharacter = 8;
}
