using System.Globalization;
using SocialCare.LoadTests.Running;

namespace SocialCare.LoadTests.Scheduling;

/// <summary>
/// A brand's time zone as typed on a command line: an offset from UTC with its sign ("-05:00",
/// "-5h", "+5:30", "+01", "0"), "UTC", or an IANA zone name ("America/New_York",
/// "Europe/Paris"), which also follows daylight saving time across the week.
/// </summary>
internal static class TimeZoneText
{
    /// <summary>The widest offset any zone uses (Kiribati +14:00, Baker Island -12:00; ±14 h is what .NET accepts).</summary>
    public static readonly TimeSpan MaxOffset = TimeSpan.FromHours(14);

    public static bool TryParse(string text, out TimeZoneInfo zone, out string error)
    {
        zone = TimeZoneInfo.Utc;
        error = "";
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            error = "is empty";
            return false;
        }

        if (trimmed is "Z" or "z" || string.Equals(trimmed, "UTC", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (trimmed[0] is '+' or '-' or (>= '0' and <= '9'))
        {
            var negative = trimmed[0] == '-';
            var magnitude = trimmed[0] is '+' or '-' ? trimmed[1..] : trimmed;
            if (!TryOffset(magnitude, out var offset))
            {
                error = $"\"{text}\" is not an offset; use e.g. -05:00, +5:30, -5h or an IANA zone such as America/New_York";
                return false;
            }

            offset = negative ? -offset : offset;
            if (offset.Duration() > MaxOffset)
            {
                error = $"\"{text}\" is beyond the offsets time zones use (-14:00 to +14:00)";
                return false;
            }

            if (offset.Ticks % TimeSpan.TicksPerMinute != 0)
            {
                error = $"\"{text}\" is not a whole number of minutes";
                return false;
            }

            var id = "UTC" + offset.ToString(offset < TimeSpan.Zero ? "\\-hh\\:mm" : "\\+hh\\:mm", CultureInfo.InvariantCulture);
            zone = offset == TimeSpan.Zero ? TimeZoneInfo.Utc : TimeZoneInfo.CreateCustomTimeZone(id, offset, id, id);
            return true;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(trimmed);
            return true;
        }
        catch (Exception notFound) when (notFound is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            error = $"\"{text}\" is not a time zone this machine knows (IANA names such as America/New_York or Europe/Paris, or an offset such as -05:00)";
            return false;
        }
    }

    /// <summary>"05:00", "5:30", "05", "5h", "90m": an unsigned offset.</summary>
    private static bool TryOffset(string text, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            var parts = text.Split(':');
            if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var h)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m < 60)
            {
                offset = new TimeSpan(h, m, 0);
                return true;
            }

            return false;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var hours))
        {
            offset = TimeSpan.FromHours(hours);
            return true;
        }

        return DurationText.TryParse(text, out offset) && text.Any(char.IsLetter);
    }
}
