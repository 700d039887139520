using System.Globalization;
using System.Text.Json;

namespace SocialCare.LoadTests.Reporting;

/// <summary>
/// How much worse a candidate run may be than its baseline before <c>compare</c> calls it a
/// regression. Latency must be worse by both the share and the floor: 0.8 ms to 1.0 ms is 25%
/// but nobody's release should fail on it.
/// </summary>
/// <param name="Share">Relative change allowed in throughput and latency (0.10 = 10%).</param>
/// <param name="LatencyFloorMs">Latency increases below this many milliseconds never count.</param>
/// <param name="ErrorRatePoints">Rise in error rate allowed, as a fraction of requests (0.005 = half a percentage point).</param>
/// <param name="MinTailAnswers">
/// Answers a percentile must have beyond it, in both runs, to be judged: the p99 of 1,500 answers
/// is the 15th slowest of them, and a short run's 15th slowest answer moves by half on a busy
/// machine with nothing changed. Such a percentile is shown, marked, and not held against a release.
/// </param>
internal sealed record ComparisonTolerance(double Share, double LatencyFloorMs, double ErrorRatePoints, int MinTailAnswers = 20)
{
    public static ComparisonTolerance Default { get; } = new(0.10, 1, 0.005);
}

/// <summary>How one figure of one step moved between two runs.</summary>
/// <param name="Baseline">Null when the baseline had no such step.</param>
/// <param name="Candidate">Null when the candidate had no such step.</param>
internal sealed record FigureChange(string Step, string Figure, double? Baseline, double? Candidate, bool Regressed, string Verdict)
{
    /// <summary>The relative change, candidate against baseline; null when either is missing or the baseline is zero.</summary>
    public double? Change => Baseline is { } b && Candidate is { } c && b != 0 ? (c - b) / b : null;
}

/// <summary>
/// Two runs' summary.json files side by side: throughput, error rate and latency percentiles per
/// step, each judged against a tolerance, so a brand can gate a release on last week's run.
/// </summary>
internal sealed record SummaryComparison(SummaryFigures Baseline, SummaryFigures Candidate, IReadOnlyList<FigureChange> Changes, IReadOnlyList<string> Notes)
{
    /// <summary>The percentiles compared by default: the middle, the usual SLO and the tail.</summary>
    public static readonly IReadOnlyList<string> DefaultPercentiles = ["p50", "p95", "p99"];

    public bool Regressed => Changes.Any(c => c.Regressed);

    public static SummaryComparison Of(SummaryFigures baseline, SummaryFigures candidate, ComparisonTolerance tolerance, IReadOnlyList<string> percentiles)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(tolerance);
        ArgumentNullException.ThrowIfNull(percentiles);
        var notes = new List<string>();
        if (baseline.Scenario != candidate.Scenario)
        {
            notes.Add($"The runs played different scenarios ({baseline.Scenario}, {candidate.Scenario}); their figures may not be comparable.");
        }

        if (baseline.MentionRate is { } before && candidate.MentionRate is { } after && before != after)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"The runs offered different mention rates ({before}/s, {after}/s): throughput follows the offered rate."));
        }

        if (!candidate.Passed)
        {
            notes.Add("The candidate run did not pass its own thresholds (see its summary).");
        }

        var changes = new List<FigureChange>();
        foreach (var (name, was) in baseline.Steps)
        {
            if (!candidate.Steps.TryGetValue(name, out var now) || now.Requests == 0)
            {
                changes.Add(new FigureChange(name, "requests", was.Requests, now?.Requests, was.Requests > 0, was.Requests > 0 ? "step missing from the candidate" : "ok"));
                continue;
            }

            changes.Add(Judge(name, "ok/s", was.OkPerSecond, now.OkPerSecond, now.OkPerSecond < was.OkPerSecond * (1 - tolerance.Share), "slower"));
            changes.Add(Judge(name, "error rate", was.ErrorRate, now.ErrorRate, now.ErrorRate > was.ErrorRate + tolerance.ErrorRatePoints, "more errors"));
            foreach (var percentile in percentiles)
            {
                if (was.LatencyMs.TryGetValue(percentile, out var wasMs) && now.LatencyMs.TryGetValue(percentile, out var nowMs) && was.Ok > 0 && now.Ok > 0)
                {
                    var tail = Math.Floor(Math.Min(was.Ok, now.Ok) * (1 - (TailShare(percentile) ?? 0)));
                    if (TailShare(percentile) is not null && tail < tolerance.MinTailAnswers)
                    {
                        changes.Add(new FigureChange(name, percentile + " ms", wasMs, nowMs, false, string.Create(CultureInfo.InvariantCulture, $"not judged: {tail} answers beyond it (needs {tolerance.MinTailAnswers})")));
                        continue;
                    }

                    var slowerByShare = nowMs > wasMs * (1 + tolerance.Share);
                    var worse = slowerByShare && nowMs - wasMs > tolerance.LatencyFloorMs;
                    changes.Add(slowerByShare && !worse
                        ? new FigureChange(name, percentile + " ms", wasMs, nowMs, false, string.Create(CultureInfo.InvariantCulture, $"ok: {nowMs - wasMs:0.##} ms slower, under the {tolerance.LatencyFloorMs} ms floor"))
                        : Judge(name, percentile + " ms", wasMs, nowMs, worse, "slower"));
                }
            }
        }

        foreach (var name in candidate.Steps.Keys.Where(n => !baseline.Steps.ContainsKey(n)))
        {
            notes.Add($"Step {name} is new in the candidate; nothing to compare it with.");
        }

        return new SummaryComparison(baseline, candidate, changes, notes);
    }

    /// <summary>The share of answers at or below a percentile (0.99 for p99, 1 for max); null for the mean, which rests on every answer.</summary>
    private static double? TailShare(string percentile) => percentile switch
    {
        "mean" => null,
        "max" => 1,
        _ => double.Parse(percentile[1..], CultureInfo.InvariantCulture) / 100,
    };

    private static FigureChange Judge(string step, string figure, double baseline, double candidate, bool regressed, string why) =>
        new(step, figure, baseline, candidate, regressed, regressed ? "REGRESSED: " + why : "ok");
}

/// <summary>The figures of one summary.json that <c>compare</c> reads, whatever else the file holds.</summary>
internal sealed record SummaryFigures(string Source, string Scenario, string RunId, bool Passed, double? MentionRate, IReadOnlyDictionary<string, StepFigures> Steps)
{
    /// <summary>The summary.json shapes this tool can read (see <see cref="RunSummary.SchemaVersion"/>).</summary>
    public const int SupportedSchemaVersion = 1;

    /// <summary>Reads a summary.json, or the summary.json inside a run's output folder.</summary>
    /// <exception cref="FormatException">The file is not a load run summary this tool can read; the message says why.</exception>
    public static SummaryFigures Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = Directory.Exists(path) ? Path.Combine(path, "summary.json") : path;
        if (!File.Exists(file))
        {
            throw new FormatException($"{file}: no such file (give a summary.json or the run's output folder).");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            return From(file, document.RootElement);
        }
        catch (JsonException bad)
        {
            throw new FormatException($"{file}: not JSON ({bad.Message}).", bad);
        }
    }

    public static SummaryFigures From(string source, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number)
        {
            throw new FormatException($"{source}: not a load run summary (no schemaVersion).");
        }

        if (version.GetInt32() != SupportedSchemaVersion)
        {
            throw new FormatException($"{source}: summary schema version {version.GetInt32()}; this tool reads version {SupportedSchemaVersion}.");
        }

        var steps = new Dictionary<string, StepFigures>(StringComparer.Ordinal);
        foreach (var step in Required(source, root, "steps", JsonValueKind.Array).EnumerateArray())
        {
            var latency = Required(source, step, "latency", JsonValueKind.Object);
            var percentiles = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var property in latency.EnumerateObject())
            {
                // p50Ms, p999Ms, maxMs... keyed as thresholds name them (p50, p99.9, max).
                if (property.Name.EndsWith("Ms", StringComparison.Ordinal) && property.Value.ValueKind == JsonValueKind.Number)
                {
                    var name = property.Name[..^2] switch
                    {
                        "p999" => "p99.9",
                        var other => other,
                    };
                    percentiles[name] = property.Value.GetDouble();
                }
            }

            var stepName = Required(source, step, "name", JsonValueKind.String).GetString()!;
            steps[stepName] = new StepFigures(
                Number(source, step, "requests"),
                Number(source, step, "ok"),
                Number(source, step, "okPerSecond"),
                Number(source, step, "errorRate"),
                percentiles);
        }

        double? rate = root.TryGetProperty("settings", out var settings) && settings.ValueKind == JsonValueKind.Object
            && settings.TryGetProperty("mentionRatePerSecond", out var r) && r.ValueKind == JsonValueKind.Number
            ? r.GetDouble()
            : null;
        return new SummaryFigures(
            source,
            Required(source, root, "scenario", JsonValueKind.String).GetString()!,
            root.TryGetProperty("runId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : "?",
            root.TryGetProperty("passed", out var passed) && passed.ValueKind == JsonValueKind.True,
            rate,
            steps);
    }

    private static JsonElement Required(string source, JsonElement parent, string name, JsonValueKind kind) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == kind
            ? value
            : throw new FormatException($"{source}: \"{name}\" is missing or not a {kind.ToString().ToLowerInvariant()}.");

    private static double Number(string source, JsonElement parent, string name) => Required(source, parent, name, JsonValueKind.Number).GetDouble();
}

/// <summary>One step's figures in a summary: volume, throughput, error rate and latency percentiles (ms) by name.</summary>
internal sealed record StepFigures(double Requests, double Ok, double OkPerSecond, double ErrorRate, IReadOnlyDictionary<string, double> LatencyMs);
