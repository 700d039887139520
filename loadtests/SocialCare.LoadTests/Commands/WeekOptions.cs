using System.CommandLine;
using SocialCare.LoadTests.Scenarios;

namespace SocialCare.LoadTests.Commands;

/// <summary>
/// The options that shape a week-replay, one set for `run` and `plan`, so that `plan` shows what
/// `run` would play for the same command line.
/// </summary>
internal sealed class WeekOptions
{
    public Option<double> Rate { get; } = Options.Positive("--rate", "Mentions per second: the week's mean (week-replay), the base (burst), the constant (agent-desk).", 50);

    public Option<double> Compression { get; } = Options.Positive("--compression", "week-replay: how many times faster than real time the week plays (336 = 30 minutes, 2016 = 5 minutes)", 336);

    public Option<FileInfo?> Csv { get; } = new("--csv") { Description = "week-replay: the brand's export, one mention a row (X, Sprout, Zendesk and spreadsheet CSVs; times in ISO 8601, dates, X's format or epoch seconds), instead of the built-in week." };

    public Option<string?> TimeColumn { get; } = new("--csv-time-column") { Description = "week-replay: the export's time column, by header name or number (1 = the first). Default: the first column named like a time (created_at, Date, Sent, ...), else the first." };

    public Option<TimeZoneInfo> TimeZone { get; } = Options.TimeZone("--csv-utc-offset", "week-replay: the brand's time zone, for counting the CSV's hours of the week");

    public Option<double> SpikeAt { get; } = new("--spike-at-hour") { Description = "week-replay: the viral spike's start in hours into the week (Monday 00:00 = 0).", DefaultValueFactory = _ => 62 };

    public Option<double> SpikeHours { get; } = Options.Positive("--spike-hours", "week-replay: how long the viral spike lasts, in week hours.", 3);

    public Option<double?> SpikeFactor { get; } = new("--spike-factor") { Description = "week-replay: the spike's multiple of the usual volume (1 = no spike). Default: 4 on the built-in week, no spike on a --csv export (it has its own)." };

    public IEnumerable<Option> All => [Rate, Compression, Csv, TimeColumn, TimeZone, SpikeAt, SpikeHours, SpikeFactor];

    /// <summary>The week-replay settings of <paramref name="options"/> as the command line gives them.</summary>
    public RunOptions Apply(ParseResult r, RunOptions options) => options with
    {
        Rate = r.GetValue(Rate),
        Compression = r.GetValue(Compression),
        Csv = r.GetValue(Csv),
        CsvTimeZone = r.GetValue(TimeZone)!,
        CsvTimeColumn = r.GetValue(TimeColumn),
        SpikeAtHour = r.GetValue(SpikeAt),
        SpikeHours = r.GetValue(SpikeHours),
        SpikeFactor = r.GetValue(SpikeFactor),
    };
}
