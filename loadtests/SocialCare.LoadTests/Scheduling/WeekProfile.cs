using System.Globalization;

namespace SocialCare.LoadTests.Scheduling;

/// <summary>
/// How a brand's mention volume varies over the 168 hours of a week (Monday 00:00 first), as
/// weights whose mean is 1: 2.0 means twice the week's average rate in that hour.
/// </summary>
internal sealed partial class WeekProfile
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
    public static WeekProfile FromTimestampsCsv(TextReader csv, TimeZoneInfo zone, string? timeColumn = null) => ReadExport(csv, zone, timeColumn).Profile;

    /// <summary>
    /// A brand's own export (RFC 4180 CSV: quoted fields may hold commas and line breaks, as
    /// message texts do), one mention per row, counted per hour of the week in the brand's
    /// <paramref name="zone"/> (daylight saving time included), with what was read and what looks
    /// wrong. The time is read from <paramref name="timeColumn"/> (a header name or a 1-based
    /// number), else from the header's first column named like a time (created_at, Date, Sent,
    /// Timestamp, ...), else from the first column. Blank lines and a spreadsheet's "sep=;" line
    /// (whose separator is then used) are skipped; the first other row is a header only if none of
    /// its cells reads as a time and it looks like one (no digits, or a time column's name), so a
    /// first row with a bad date is an error, not a header. Times are ISO 8601, slash dates (day
    /// or month first as the file shows: a part above 12 decides; a file that never shows it is
    /// read month first, with a warning) with or without am/pm, X's "Wed Oct 10 20:19:24 +0000
    /// 2018", a trailing "UTC", or Unix epoch seconds or milliseconds.
    /// </summary>
    public static ExportReading ReadExport(TextReader csv, TimeZoneInfo zone, string? timeColumn = null)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(zone);
        var text = csv.ReadToEnd().TrimStart('\uFEFF');
        var skipped = new List<string>();
        var separator = ',';
        var firstLineEnd = text.IndexOf('\n', StringComparison.Ordinal);
        var firstLine = (firstLineEnd < 0 ? text : text[..firstLineEnd]).Trim();
        var lineOffset = 0;
        if (firstLine.Length == 5 && firstLine.StartsWith("sep=", StringComparison.OrdinalIgnoreCase))
        {
            separator = firstLine[4];
            skipped.Add($"line 1: separator line \"{firstLine}\"");
            text = firstLineEnd < 0 ? "" : text[(firstLineEnd + 1)..];
            lineOffset = 1;
        }

        var rows = new List<(int Line, IReadOnlyList<string> Fields)>();
        foreach (var (line, fields) in Domain.Text.CsvRecords.Rows(new StringReader(text), separator))
        {
            if (fields.All(f => f.Trim().Length == 0))
            {
                skipped.Add($"line {line + lineOffset}: blank");
                continue;
            }

            rows.Add((line + lineOffset, fields));
        }

        IReadOnlyList<string>? header = null;
        var headerLine = 0;
        if (rows.Count > 0 && IsHeader(rows[0].Fields, timeColumn))
        {
            (headerLine, header) = rows[0];
            rows.RemoveAt(0);
        }

        var column = TimeColumn(header, timeColumn);
        if (header is not null)
        {
            skipped.Add(header.Count == 1
                ? $"line {headerLine}: header \"{header[0].Trim()}\""
                : $"line {headerLine}: header of {header.Count} columns (times from column {column + 1}, \"{(column < header.Count ? header[column].Trim() : "")}\")");
        }

        if (rows.Count == 0)
        {
            throw new FormatException("The CSV holds no timestamps.");
        }

        var cells = new List<(int Line, string Cell)>(rows.Count);
        foreach (var (line, fields) in rows)
        {
            cells.Add(column < fields.Count
                ? (line, fields[column].Trim())
                : throw new FormatException($"Line {line} has {fields.Count} column(s); the times are in column {column + 1}."));
        }

        var dayFirst = SlashOrder(cells.Select(c => c.Cell), out var ambiguous);
        var counts = new double[HoursPerWeek];
        var dateOnly = 0;
        DateTimeOffset? first = null, last = null;
        foreach (var (number, cell) in cells)
        {
            if (!TryTimestamp(cell, dayFirst, out var at, out var hasTime))
            {
                throw new FormatException($"Line {number}: \"{cell}\" is not a timestamp (expected ISO 8601 such as 2026-11-23T09:15:00Z, a date such as 23/11/2026 09:15, or Unix epoch seconds).");
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

    /// <summary>How exports name their time column: X's and Zendesk's created_at, Sprout's "Date", "Sent", "Timestamp", ...</summary>
    private static readonly System.Text.RegularExpressions.Regex TimeColumnName = new(
        @"created|date|time|sent|posted|published|received",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static bool IsHeader(IReadOnlyList<string> row, string? timeColumn) =>
        !row.Any(cell => TryTimestamp(cell.Trim(), dayFirst: false, out _, out _))
        && (row.All(cell => !cell.Any(char.IsAsciiDigit))
            || row.Any(cell => TimeColumnName.IsMatch(cell))
            || (timeColumn is not null && row.Any(cell => string.Equals(cell.Trim(), timeColumn.Trim(), StringComparison.OrdinalIgnoreCase))));

    /// <summary>The 0-based column the times are in.</summary>
    private static int TimeColumn(IReadOnlyList<string>? header, string? asked)
    {
        if (!string.IsNullOrWhiteSpace(asked))
        {
            if (int.TryParse(asked, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return number >= 1 ? number - 1 : throw new FormatException($"--csv-time-column {asked}: columns are numbered from 1.");
            }

            var named = header?.Select((name, i) => (Name: name.Trim(), i)).FirstOrDefault(c => string.Equals(c.Name, asked.Trim(), StringComparison.OrdinalIgnoreCase));
            return named is { Name: not null } found
                ? found.i
                : throw new FormatException(header is null
                    ? $"--csv-time-column \"{asked}\": the export has no header row to find it in; give the column's number (1 is the first)."
                    : $"--csv-time-column \"{asked}\": the header has {string.Join(", ", header.Select(h => $"\"{h.Trim()}\""))}.");
        }

        if (header is null)
        {
            return 0;
        }

        var preferred = header.Select((name, i) => (Name: name.Trim(), i)).ToList();
        foreach (var exact in new[] { "created_at", "created at", "timestamp", "date", "time" })
        {
            if (preferred.FirstOrDefault(c => string.Equals(c.Name, exact, StringComparison.OrdinalIgnoreCase)) is { Name: not null } hit)
            {
                return hit.i;
            }
        }

        return preferred.FirstOrDefault(c => TimeColumnName.IsMatch(c.Name)) is { Name: not null } loose ? loose.i : 0;
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
        at = default;
        hasTime = true;
        if (cell.Length == 0)
        {
            return false;
        }

        // Unix epoch: seconds (10 digits today) or milliseconds (13), as API exports write them.
        if (cell.All(c => char.IsAsciiDigit(c) || c == '.') && cell.Count(c => c == '.') <= 1
            && decimal.TryParse(cell, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var epoch))
        {
            var digits = cell.Split('.')[0].Length;
            if (digits is < 9 or > 13 or 11 or 12)
            {
                return false;
            }

            var milliseconds = digits >= 13 ? epoch : epoch * 1000;
            at = DateTimeOffset.FromUnixTimeMilliseconds((long)milliseconds);
            return true;
        }

        // X's own created_at: "Wed Oct 10 20:19:24 +0000 2018".
        if (DateTimeOffset.TryParseExact(XOffset().Replace(cell, "$1$2:$3$4"), "ddd MMM dd HH:mm:ss zzz yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out at))
        {
            return true;
        }

        hasTime = cell.Contains(':', StringComparison.Ordinal);
        var text = cell.EndsWith(" UTC", StringComparison.OrdinalIgnoreCase) || cell.EndsWith(" GMT", StringComparison.OrdinalIgnoreCase) ? cell[..^4] : cell;
        var slashed = text.Split(' ', 2);
        if (slashed[0].Split('/') is [var a, var b, var year] && year.Length == 4)
        {
            // Rewritten as ISO 8601 in the order the file was found to use, rather than left to
            // the invariant culture, which always reads month first.
            var (day, month) = dayFirst ? (a, b) : (b, a);
            text = $"{year}-{month.PadLeft(2, '0')}-{day.PadLeft(2, '0')}{(slashed.Length > 1 ? " " + slashed[1] : "")}";
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(.* )([+-]\d{2})(\d{2})( \d{4})$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex XOffset();

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
