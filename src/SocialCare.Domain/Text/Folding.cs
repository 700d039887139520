using System.Globalization;
using System.Text;

namespace SocialCare.Domain.Text;

/// <summary>
/// Text compared the way people read it: lower case, accents dropped ("Déçu" and "decu" are one
/// word). Profanity, triage lexicons and their callers fold alike through here.
/// </summary>
public static class Folding
{
    /// <param name="map">Each remaining character's replacement (look-alike digits, typographic apostrophes); none keeps it.</param>
    public static string Fold(string text, Func<char, char>? map = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                folded.Append(map is null ? c : map(c));
            }
        }

        return folded.ToString();
    }
}
