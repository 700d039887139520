using System.Text.RegularExpressions;
using SocialCare.Domain.Errors;

namespace SocialCare.Domain.Tenants;

/// <summary>
/// Tenant and team ids appear in resource names and grain keys, so they are kept to a safe
/// alphabet: lower-case letters, digits and '-', starting with a letter.
/// </summary>
public static partial class Identifiers
{
    public const string SlugRule = "lower-case letters, digits and '-', 1 to 63 characters, starting with a letter";

    public static bool IsSlug(string? value) => value is not null && SlugPattern().IsMatch(value);

    public static void RequireSlug(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw CareException.Invalid(field, "is required.");
        }

        if (!IsSlug(value))
        {
            throw CareException.Invalid(field, $"{Echo.Quote(value)} is not valid: use {SlugRule}.");
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}
