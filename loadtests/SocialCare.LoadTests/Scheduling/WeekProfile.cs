using System.Globalization;

namespace SocialCare.LoadTests.Scheduling;

/// <summary>
/// How a brand's mention volume varies over the 168 hours of a week (Monday 00:00 first), as
/// weights whose mean is 1: 2.0 means twice the week's average rate in that hour.
/// </summary>
internal sealed class WeekProfile
{
    public const int HoursPerWeek = 168;

    private WeekProfile(double[] weights) => Weights = weights;

    public IReadOnlyList<double> Weights { get; }

    /// <summary>
    /// A typical consumer brand: quiet nights, a morning rise, a lunchtime and an evening peak on
    /// weekdays, and a later, lower weekend.
    /// </summary>
    public static WeekProfile BuiltIn()
    {
        double[] weekday =
        [
            0.25, 0.18, 0.14, 0.12, 0.12, 0.18, 0.40, 0.75, 1.10, 1.30, 1.40, 1.50,
            1.70, 1.65, 1.45, 1.35, 1.35, 1.45, 1.60, 1.75, 1.70, 1.35, 0.90, 0.50,
        ];
        var raw = new double[HoursPerWeek];
        for (var hour = 0; hour < HoursPerWeek; hour++)
        {
            var day = hour / 24;
            var hourOfDay = hour % 24;
            // Weekends start about two hours later and run at two thirds of the weekday volume.
            raw[hour] = day < 5 ? weekday[hourOfDay] : 0.65 * weekday[(hourOfDay + 22) % 24];
        }

        return FromCounts(raw);
    }

    /// <summary>
    /// A brand's own export: one timestamp per line (ISO 8601, first CSV column; a header line
    /// and blank lines are skipped), counted per hour of the week in the brand's
    /// <paramref name="zone"/> (daylight saving time included).
    /// </summary>
    public static WeekProfile FromTimestampsCsv(TextReader csv, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(zone);
        var counts = new double[HoursPerWeek];
        var lineNumber = 0;
        var parsed = 0;
        while (csv.ReadLine() is { } line)
        {
            lineNumber++;
            var cell = line.Split(',', 2)[0].Trim().Trim('"');
            if (cell.Length == 0)
            {
                continue;
            }

            if (!DateTimeOffset.TryParse(cell, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                if (lineNumber == 1)
                {
                    continue;
                }

                throw new FormatException($"Line {lineNumber}: \"{cell}\" is not a timestamp (expected ISO 8601, e.g. 2026-11-23T09:15:00Z).");
            }

            var local = TimeZoneInfo.ConvertTime(at, zone);
            var day = ((int)local.DayOfWeek + 6) % 7;
            counts[(day * 24) + local.Hour]++;
            parsed++;
        }

        return parsed == 0 ? throw new FormatException("The CSV holds no timestamps.") : FromCounts(counts);
    }

    private static WeekProfile FromCounts(double[] counts)
    {
        var mean = counts.Average();
        return new WeekProfile([.. counts.Select(c => c / mean)]);
    }
}
