using System.Globalization;

namespace SocialCare.LoadTests.Scheduling;

/// <summary>
/// How a brand's mention volume varies over the 168 hours of a week (Monday 00:00 first), as
/// weights whose mean is 1: 2.0 means twice the week's average rate in that hour.
/// </summary>
internal sealed class WeekProfile
{
    public const int HoursPerWeek = 168;

    /// <summary>The week's days as plans and reports label them, Monday first as hours of week count.</summary>
    public static IReadOnlyList<string> DayNames { get; } = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

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

    /// <summary>A brand's own export as a week (see <see cref="ReadExport"/>).</summary>
    public static WeekProfile FromTimestampsCsv(TextReader csv, TimeZoneInfo zone) => ReadExport(csv, zone).Profile;

    /// <summary>
    /// A brand's own export: one timestamp per line (first CSV column), counted per hour of the
    /// week in the brand's <paramref name="zone"/> (daylight saving time included), with what was
    /// read and what looks wrong. Blank lines and a spreadsheet's "sep=," line are skipped; the
    /// first other line is a header only if it holds no digit (a first row with a bad date is an
    /// error, not a header). Dates with slashes are read day first or month first as the file
    /// shows (a part above 12 decides); a file that never shows it is read month first, with a
    /// warning.
    /// </summary>
    public static ExportReading ReadExport(TextReader csv, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(zone);
        var cells = new List<(int Line, string Cell)>();
        var skipped = new List<string>();
        var lineNumber = 0;
        var headerSeen = false;
        while (csv.ReadLine() is { } line)
        {
            lineNumber++;
            var cell = line.Split(',', 2)[0].Trim().Trim('"').Trim();
            if (cell.Length == 0)
            {
                skipped.Add($"line {lineNumber}: blank");
                continue;
            }

            if (!headerSeen && cells.Count == 0 && line.TrimStart().StartsWith("sep=", StringComparison.OrdinalIgnoreCase))
            {
                skipped.Add($"line {lineNumber}: separator line \"{line.Trim()}\"");
                continue;
            }

            if (!headerSeen && cells.Count == 0 && !cell.Any(char.IsAsciiDigit))
            {
                headerSeen = true;
                skipped.Add($"line {lineNumber}: header \"{cell}\"");
                continue;
            }

            cells.Add((lineNumber, cell));
        }

        if (cells.Count == 0)
        {
            throw new FormatException("The CSV holds no timestamps.");
        }

        var dayFirst = SlashOrder(cells.Select(c => c.Cell), out var ambiguous);
        var counts = new double[HoursPerWeek];
        var dateOnly = 0;
        DateTimeOffset? first = null, last = null;
        foreach (var (number, cell) in cells)
        {
            if (!TryTimestamp(cell, dayFirst, out var at, out var hasTime))
            {
                throw new FormatException($"Line {number}: \"{cell}\" is not a timestamp (expected ISO 8601, e.g. 2026-11-23T09:15:00Z).");
            }

            if (!hasTime)
            {
                // A day without a time is the brand's calendar day: its midnight in the export's
                // zone, not UTC's, or in Paris it would play in the day's second hour.
                at = new DateTimeOffset(at.Date, zone.GetUtcOffset(at.Date));
                dateOnly++;
            }

            first = first is null || at < first ? at : first;
            last = last is null || at > last ? at : last;
            var local = TimeZoneInfo.ConvertTime(at, zone);
            var day = ((int)local.DayOfWeek + 6) % 7;
            counts[(day * 24) + local.Hour]++;
        }

        var warnings = new List<string>();
        if (ambiguous)
        {
            warnings.Add("dates like 03/05/2026 could be day first or month first, and no date in the file shows which: read month first (03/05 = 5 March); write ISO 8601 dates (2026-03-05) to be sure");
        }

        if (dateOnly > 0)
        {
            warnings.Add($"{dateOnly} of {cells.Count} rows have a date but no time of day: each of those days plays in its first hour");
        }

        string[] days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
        var empty = Enumerable.Range(0, 7).Where(d => Enumerable.Range(d * 24, 24).All(h => counts[h] == 0)).Select(d => days[d]).ToList();
        if (empty.Count > 0)
        {
            warnings.Add($"no mentions on {string.Join(", ", empty)}: those days play empty, and the week's mean rate falls on the other days");
        }

        var span = last!.Value - first!.Value;
        if (span >= TimeSpan.FromDays(7))
        {
            warnings.Add($"the export spans {span.TotalDays:0.#} days: every row is counted by its hour of the week, so some days of the week are counted more than once");
        }

        var summary = new ExportSummary(cells.Count, first.Value, last.Value, skipped, warnings);
        return new ExportReading(FromCounts(counts), summary);
    }

    /// <summary>Whether slash dates are day first: a first part above 12 says so, a second part above 12 says month first; neither is ambiguous.</summary>
    private static bool SlashOrder(IEnumerable<string> cells, out bool ambiguous)
    {
        bool dayFirst = false, monthFirst = false, any = false;
        foreach (var cell in cells)
        {
            var parts = cell.Split(' ', 'T')[0].Split('/');
            if (parts.Length != 3 || !int.TryParse(parts[0], out var a) || !int.TryParse(parts[1], out var b))
            {
                continue;
            }

            any = true;
            dayFirst |= a > 12;
            monthFirst |= b > 12;
        }

        ambiguous = any && !dayFirst && !monthFirst;
        return dayFirst && !monthFirst;
    }

    private static bool TryTimestamp(string cell, bool dayFirst, out DateTimeOffset at, out bool hasTime)
    {
        hasTime = cell.Contains(':', StringComparison.Ordinal);
        var text = cell;
        var slashed = cell.Split(' ', 2);
        if (slashed[0].Split('/') is [var a, var b, var year] && year.Length == 4)
        {
            // Rewritten as ISO 8601 in the order the file was found to use, rather than left to
            // the invariant culture, which always reads month first.
            var (day, month) = dayFirst ? (a, b) : (b, a);
            text = $"{year}-{month.PadLeft(2, '0')}-{day.PadLeft(2, '0')}{(slashed.Length > 1 ? "T" + slashed[1] : "")}";
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at);
    }

    private static WeekProfile FromCounts(double[] counts)
    {
        var mean = counts.Average();
        return new WeekProfile([.. counts.Select(c => c / mean)]);
    }
}

/// <summary>What was read from an export: the rows taken, their span, the lines skipped and why, and what looks wrong.</summary>
internal sealed record ExportSummary(int Rows, DateTimeOffset First, DateTimeOffset Last, IReadOnlyList<string> Skipped, IReadOnlyList<string> Warnings)
{
    public IEnumerable<string> Lines()
    {
        yield return string.Create(CultureInfo.InvariantCulture, $"export: {Rows} rows from {First.UtcDateTime:yyyy-MM-dd HH:mm} to {Last.UtcDateTime:yyyy-MM-dd HH:mm} UTC ({(Last - First).TotalDays:0.#} days); skipped {Skipped.Count} line(s){(Skipped.Count == 0 ? "" : ": " + string.Join("; ", Skipped.Take(5)) + (Skipped.Count > 5 ? "; ..." : ""))}");
        foreach (var warning in Warnings)
        {
            yield return $"warning: {warning}";
        }
    }
}

/// <summary>An export read as a week, with its summary.</summary>
internal sealed record ExportReading(WeekProfile Profile, ExportSummary Summary);
