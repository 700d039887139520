using System.Text;
using System.Text.RegularExpressions;

namespace SocialCare.Domain.Guardrails;

/// <summary>
/// Finds personal and account data in text: payment card numbers, IBANs, e-mail addresses, phone
/// numbers and the tenant's own identifiers. Candidates are found by shape and kept only when
/// they check out (Luhn and a card network's prefix, the IBAN checksum and its country's length),
/// so an order number that merely looks like a card is left alone.
/// </summary>
public static partial class PersonalData
{
    /// <summary>13 to 19 digits, single spaces or dashes allowed between them.</summary>
    [GeneratedRegex(@"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex CardShape();

    /// <summary>A country code, two check digits, then 11 to 30 letters or digits, optionally in groups of four.</summary>
    [GeneratedRegex(@"\b[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,30}\b", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex IbanShape();

    [GeneratedRegex(@"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.)+[A-Za-z]{2,24}\b", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex EmailShape();

    /// <summary>
    /// "+31 6 1234 5678", "+1 (555) 123-4567", "0044 20 7946 0958", "06 12 34 56 78", "(555) 123-4567",
    /// "555-123-4567": a leading + or 00, or a national shape with separators.
    /// </summary>
    [GeneratedRegex(@"(?<![\w+])(?:(?:\+|00)\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){1,4}|\(\d{3}\) ?\d{3}[ .-]\d{4}|\d{3}[.-]\d{3}[.-]\d{4}|0\d(?:[ .]\d{2}){4})(?![\w])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex PhoneShape();

    /// <summary>IBAN lengths of the countries most brands' customers bank in; others are checked by checksum alone.</summary>
    private static readonly Dictionary<string, int> IbanLengths = new(StringComparer.Ordinal)
    {
        ["AT"] = 20, ["BE"] = 16, ["BG"] = 22, ["CH"] = 21, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22, ["DK"] = 18, ["EE"] = 20,
        ["ES"] = 24, ["FI"] = 18, ["FR"] = 27, ["GB"] = 22, ["GR"] = 27, ["HR"] = 21, ["HU"] = 28, ["IE"] = 22, ["IS"] = 26,
        ["IT"] = 27, ["LI"] = 21, ["LT"] = 20, ["LU"] = 20, ["LV"] = 21, ["MC"] = 27, ["MT"] = 31, ["NL"] = 18, ["NO"] = 15,
        ["PL"] = 28, ["PT"] = 25, ["RO"] = 24, ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27, ["TR"] = 26,
    };

    /// <summary>Every piece of personal data in <paramref name="text"/>, in order, not overlapping (a card is not also a phone).</summary>
    public static IReadOnlyList<GuardrailFinding> Find(string text, IReadOnlyList<TenantIdentifierPattern>? tenantPatterns = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<GuardrailFinding>();
        foreach (Match m in CardShape().Matches(text))
        {
            var digits = Digits(m.Value);
            if (IsCardNumber(digits))
            {
                found.Add(new GuardrailFinding(FindingKind.PaymentCard, m.Index, m.Length, Mask(digits), "Never write a card number in a reply; ask the customer to continue privately, and to share payment details only through the secure channel."));
            }
        }

        foreach (Match m in IbanShape().Matches(text))
        {
            if (IsIban(m.Value))
            {
                found.Add(new GuardrailFinding(FindingKind.Iban, m.Index, m.Length, Mask(m.Value.Replace(" ", "", StringComparison.Ordinal)), "Keep bank details out of public replies; continue privately."));
            }
        }

        foreach (Match m in EmailShape().Matches(text))
        {
            found.Add(new GuardrailFinding(FindingKind.Email, m.Index, m.Length, MaskEmail(m.Value), "Keep e-mail addresses out of public replies; continue privately."));
        }

        foreach (Match m in PhoneShape().Matches(text))
        {
            var digits = Digits(m.Value);
            if (digits.Length is >= 9 and <= 15)
            {
                found.Add(new GuardrailFinding(FindingKind.Phone, m.Index, m.Length, Mask(digits), "Keep phone numbers out of public replies; continue privately."));
            }
        }

        foreach (var pattern in tenantPatterns ?? [])
        {
            foreach (var (index, length, value) in pattern.Find(text))
            {
                found.Add(new GuardrailFinding(FindingKind.TenantIdentifier, index, length, Mask(value), $"Keep {pattern.Name} out of public replies; continue privately."));
            }
        }

        return Disjoint(found);
    }

    /// <summary>
    /// A customer's id, handle or name on a network, masked for callers who must not see personal
    /// data: whole when it is a phone number (WhatsApp's ids and handles are, written with or
    /// without "+" and separators), else whatever personal data it holds (an e-mail as a name).
    /// </summary>
    public static string RedactIdentifier(string identifier, IReadOnlyList<TenantIdentifierPattern>? tenantPatterns = null)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var digits = Digits(identifier);
        var phoneShaped = digits.Length is >= MinPhoneDigits and <= MaxPhoneDigits
            && identifier.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '.' or '(' or ')');
        return phoneShaped ? Mask(digits) : Redact(identifier, tenantPatterns);
    }

    /// <summary>The digits a phone number has, national or international (E.164 allows 15).</summary>
    private const int MinPhoneDigits = 7;

    private const int MaxPhoneDigits = 15;

    /// <summary>The text with every piece of personal data masked ("•••• 1111"), for callers who must not see it.</summary>
    public static string Redact(string text, IReadOnlyList<TenantIdentifierPattern>? tenantPatterns = null)
    {
        var findings = Find(text, tenantPatterns);
        if (findings.Count == 0)
        {
            return text;
        }

        var redacted = new StringBuilder(text.Length);
        var at = 0;
        foreach (var finding in findings)
        {
            redacted.Append(text, at, finding.Start - at).Append(finding.Excerpt);
            at = finding.End;
        }

        return redacted.Append(text, at, text.Length - at).ToString();
    }

    /// <summary>Luhn, a plausible length for the network, and a prefix a card network issues.</summary>
    public static bool IsCardNumber(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        if (digits.Length is < 13 or > 19 || digits.Distinct().Count() == 1 || !HasCardPrefix(digits))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d = d * 2 > 9 ? (d * 2) - 9 : d * 2;
            }

            sum += d;
        }

        return sum % 10 == 0;
    }

    /// <summary>Visa, Mastercard (51-55, 2221-2720), American Express, Discover, JCB, Diners Club, UnionPay, Maestro.</summary>
    private static bool HasCardPrefix(string d)
    {
        int Prefix(int length) => int.Parse(d.AsSpan(0, length), provider: System.Globalization.CultureInfo.InvariantCulture);
        return d[0] == '4'
            || Prefix(2) is >= 51 and <= 55 or 34 or 37 or 36 or 38 or 65 or 35 or 62 or 50 or (>= 56 and <= 58) or 67
            || Prefix(4) is >= 2221 and <= 2720 or 6011
            || Prefix(3) is >= 300 and <= 305 or (>= 644 and <= 649);
    }

    /// <summary>The ISO 13616 checksum (mod 97 = 1) and, for countries listed, the length.</summary>
    public static bool IsIban(string candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var iban = candidate.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (iban.Length is < 15 or > 34 || !iban.All(char.IsAsciiLetterOrDigit)
            || (IbanLengths.TryGetValue(iban[..2], out var length) && length != iban.Length)
            || !char.IsAsciiLetter(iban[0]) || !char.IsAsciiLetter(iban[1]))
        {
            return false;
        }

        var remainder = 0;
        foreach (var c in iban[4..] + iban[..4])
        {
            var value = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = value >= 10 ? ((remainder * 100) + value) % 97 : ((remainder * 10) + value) % 97;
        }

        return remainder == 1;
    }

    private static string Digits(string text) => string.Concat(text.Where(char.IsAsciiDigit));

    private static string Mask(string value) => value.Length <= 4 ? "••••" : $"•••• {value[^4..]}";

    private static string MaskEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return $"{email[0]}•••{email[at..]}";
    }

    /// <summary>Earliest first; of overlapping findings the longer (then the first found) wins.</summary>
    private static List<GuardrailFinding> Disjoint(List<GuardrailFinding> found)
    {
        var kept = new List<GuardrailFinding>();
        foreach (var finding in found.OrderBy(f => f.Start).ThenByDescending(f => f.Length))
        {
            if (kept.Count == 0 || finding.Start >= kept[^1].End)
            {
                kept.Add(finding);
            }
        }

        return kept;
    }
}
