using System.Text;

namespace SocialCare.Domain.Errors;

/// <summary>
/// Input quoted back in an error message, bounded: a status travels in an HTTP/2 trailer, and a
/// value echoed whole (a 70,000-character id) made the trailer too large for the client to read,
/// which left the call hanging until its deadline.
/// </summary>
public static class Echo
{
    /// <summary>At most this many characters of a value are quoted.</summary>
    public const int MaxQuoted = 64;

    /// <summary>The value in quotes, cut to <see cref="MaxQuoted"/> characters, control characters escaped.</summary>
    public static string Quote(string? value)
    {
        if (value is null)
        {
            return "(none)";
        }

        var builder = new StringBuilder(Math.Min(value.Length, MaxQuoted) + 32);
        builder.Append('"');
        var shown = 0;
        var cut = false;
        foreach (var rune in value.EnumerateRunes())
        {
            if (shown == MaxQuoted)
            {
                cut = true;
                break;
            }

            if (Rune.IsControl(rune) || rune.Value == Rune.ReplacementChar.Value)
            {
                builder.Append(rune.Value <= 0xFFFF ? $"\\u{rune.Value:X4}" : $"\\U{rune.Value:X8}");
            }
            else
            {
                builder.Append(rune.ToString());
            }

            shown++;
        }

        builder.Append('"');
        if (cut)
        {
            builder.Append("… (").Append(value.Length).Append(" code units)");
        }

        return builder.ToString();
    }
}
