using SocialCare.LoadTests.Care;
using SocialCare.LoadTests.Reporting;

namespace SocialCare.LoadTests.Scenarios;

/// <summary>The scenarios a brand can play.</summary>
internal enum ScenarioKind
{
    /// <summary>A week of mentions on an hour-of-week curve, with a viral spike, compressed.</summary>
    WeekReplay,

    /// <summary>Agents reading queues, claiming, replying and resolving while mentions flow in.</summary>
    AgentDesk,

    /// <summary>Base load, one step to N times it for a while, back to base.</summary>
    Burst,
}

/// <summary>Everything a run is told on the command line.</summary>
internal sealed record RunOptions
{
    public required ScenarioKind Scenario { get; init; }

    public required IReadOnlyList<Uri> Endpoints { get; init; }

    /// <summary>An operator's bearer token for setting the run up; null asks a development host for one.</summary>
    public string? Token { get; init; }

    /// <summary>Mentions per second: the week's mean for week-replay, the base for burst, the constant for agent-desk.</summary>
    public double Rate { get; init; } = 50;

    /// <summary>Length of an agent-desk or burst run (week-replay's length comes from the compression).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(2);

    public double Compression { get; init; } = 336;

    /// <summary>A brand's CSV of mention timestamps for week-replay; null plays the built-in week.</summary>
    public FileInfo? Csv { get; init; }

    /// <summary>The time zone offset the CSV's hours of week are counted in.</summary>
    public TimeZoneInfo CsvTimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>The export's time column: a header name or a 1-based number; null: found by its name, else the first.</summary>
    public string? CsvTimeColumn { get; init; }

    /// <summary>When the viral spike starts, in hours into the week (Monday 00:00 is 0).</summary>
    public double SpikeAtHour { get; init; } = 62;

    public double SpikeHours { get; init; } = 3;

    /// <summary>
    /// How many times the usual volume the spike brings; 1 or less means no spike. Unset: 4 on the
    /// built-in week, none on a brand's export (which has its own spikes, if it had any).
    /// </summary>
    public double? SpikeFactor { get; init; }

    /// <summary>The spike that plays: <see cref="SpikeFactor"/>, or its default for the week played.</summary>
    public double EffectiveSpikeFactor => SpikeFactor ?? (Csv is null ? 4 : 1);

    public double BurstFactor { get; init; } = 5;

    public TimeSpan BurstAt { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan BurstLength { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Agent actions per second (one action = list, claim, reply, resolve); null means the scenario's default.</summary>
    public double? DeskRate { get; init; }

    public int Agents { get; init; } = 20;

    public IngestMode Ingest { get; init; } = IngestMode.Mixed;

    public int StreamsPerEndpoint { get; init; } = 2;

    public int Authors { get; init; } = 20_000;

    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxInFlight { get; init; } = 5_000;

    public TimeSpan FirstResponse { get; init; } = TimeSpan.FromMinutes(1);

    public string? TenantId { get; init; }

    /// <summary>
    /// Names the run's tenant, authors and message ids. The default is the start time and a random
    /// suffix: two runs started in the same second must not share a tenant, or the second one's
    /// mentions are all duplicates of the first's.
    /// </summary>
    public string RunId { get; init; } = $"{DateTimeOffset.UtcNow.ToString("yyyyMMdd'T'HHmmss", System.Globalization.CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))}";

    /// <summary>How many opened conversations to read back for SLA outcomes; 0 skips it.</summary>
    public int SlaSample { get; init; } = 1_000;

    /// <summary>Where report.html and summary.json go; null writes nothing.</summary>
    public DirectoryInfo? Output { get; init; }

    public IReadOnlyList<Threshold> Thresholds { get; init; } = [];
}
