using System.Globalization;

namespace SocialCare.LoadTests.Running;

/// <summary>Durations as people type them on a command line: 500ms, 30s, 5m, 2h, or 00:05:00.</summary>
internal static class DurationText
{
    /// <summary>"1m40s", "2h", "0s": whole seconds, the largest units first (as durations are written on the command line).</summary>
    public static string Format(TimeSpan duration) =>
        Contracts.Brands.BrandValues.DurationText(TimeSpan.FromSeconds(Math.Ceiling(duration.TotalSeconds)));

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var trimmed = text.Trim();
        (string Suffix, double Scale)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];
        foreach (var (suffix, scale) in units)
        {
            if (trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(trimmed[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
                && amount >= 0 && double.IsFinite(amount))
            {
                duration = TimeSpan.FromSeconds(amount * scale);
                return true;
            }
        }

        return TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
    }
}
