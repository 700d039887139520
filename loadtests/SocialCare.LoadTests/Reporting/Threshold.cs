using System.Globalization;

namespace SocialCare.LoadTests.Reporting;

/// <summary>
/// A pass/fail limit given on the command line, e.g. <c>p99&lt;50ms</c>,
/// <c>ingest_unary:p99.9&lt;200ms</c>, <c>error-rate&lt;1%</c>, <c>ingest_stream:rps&gt;3000</c>.
/// Without a step, a latency or throughput limit applies to every step that answered anything
/// and the error rate to the whole run.
/// </summary>
/// <param name="InPercent">An error rate written as a percentage ("1%"): its results are shown as one too.</param>
/// <param name="IsDefault">The run's default error-rate limit, added when no run-wide one was given.</param>
internal sealed record Threshold(string Text, string? Step, string Metric, bool AtMost, double Limit, bool InPercent = false, bool IsDefault = false)
{
    /// <summary>
    /// A run fails on errors unless told otherwise: a load test that passes while a quarter of its
    /// requests fail is worse than none. Another run-wide error-rate threshold replaces this one.
    /// </summary>
    public static Threshold DefaultErrorRate { get; } = Parse("error-rate<1%") with { IsDefault = true };

    /// <summary>The thresholds a run is judged by: those given, and the default error rate unless one was given for the whole run.</summary>
    public static IReadOnlyList<Threshold> ForRun(IEnumerable<Threshold> given)
    {
        var all = given.ToList();
        return all.Any(t => t.Step is null && t.Metric == "error-rate") ? all : [.. all, DefaultErrorRate];
    }

    public static Threshold Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var at = trimmed.IndexOfAny(['<', '>']);
        if (at <= 0 || at == trimmed.Length - 1)
        {
            throw new FormatException($"Threshold \"{text}\": expected [step:]metric<limit or [step:]rps>limit, e.g. p99<50ms or error-rate<1%.");
        }

        var atMost = trimmed[at] == '<';
        var subject = trimmed[..at].Trim();
        var limitText = trimmed[(at + 1)..].Trim();
        var colon = subject.LastIndexOf(':');
        var step = colon > 0 ? subject[..colon].Trim() : null;
        var metric = (colon > 0 ? subject[(colon + 1)..] : subject).Trim().ToLowerInvariant();
        // A step the tool never records is refused before the run starts, not reported as missed after it.
        if (step is not null && !Care.StepNames.All.Contains(step))
        {
            throw new FormatException($"Threshold \"{text}\": unknown step \"{step}\" (steps: {string.Join(", ", Care.StepNames.All)}).");
        }

        double limit;
        if (Metrics.LatencySummary.Names.Contains(metric))
        {
            Require(text, atMost, "a latency limit is a most, written with <");
            limit = ParseMilliseconds(text, limitText);
        }
        else if (metric == "error-rate")
        {
            Require(text, atMost, "an error-rate limit is a most, written with <");
            limit = limitText.EndsWith('%') ? ParseNumber(text, limitText[..^1]) / 100 : ParseNumber(text, limitText);
            return new Threshold(trimmed, step, metric, atMost, limit, InPercent: limitText.EndsWith('%'));
        }
        else if (metric == "rps")
        {
            Require(text, !atMost, "a throughput limit is a least, written with >");
            limit = ParseNumber(text, limitText);
        }
        else
        {
            throw new FormatException($"Threshold \"{text}\": unknown metric \"{metric}\" (use {string.Join(", ", Metrics.LatencySummary.Names)}, error-rate or rps).");
        }

        return new Threshold(trimmed, step, metric, atMost, limit);
    }

    /// <summary>Checks the limit against a run; a step the run never measured fails, so a typo cannot pass silently.</summary>
    public IReadOnlyList<ThresholdResult> Evaluate(RunSummary run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (Step is null && Metric == "error-rate")
        {
            return [Judge("run", run.ErrorRate)];
        }

        var steps = Step is null ? run.Steps.Where(s => s.Ok > 0).ToList() : run.Steps.Where(s => s.Name == Step).ToList();
        if (steps.Count == 0)
        {
            return [new ThresholdResult(Label, Step ?? "run", null, "n/a", false, Step is null ? "no step answered anything" : $"the run measured no step \"{Step}\"")];
        }

        return [.. steps.Select(s => Judge(s.Name, Metric switch
        {
            "error-rate" => s.ErrorRate,
            "rps" => s.OkPerSecond,
            _ => s.Latency.ByName(Metric),
        }))];
    }

    /// <summary>The threshold as written, marked when it is the run's default.</summary>
    public string Label => IsDefault ? $"{Text} (default)" : Text;

    private ThresholdResult Judge(string scope, double? actual)
    {
        if (actual is not { } value || double.IsNaN(value))
        {
            return new ThresholdResult(Label, scope, null, "n/a", false, $"{scope} has no {Metric} to judge");
        }

        var met = AtMost ? value < Limit : value > Limit;
        return new ThresholdResult(Label, scope, value, Show(value), met, met ? "met" : "missed");
    }

    /// <summary>A measured value in the threshold's own unit: a percentage for a limit written as one, milliseconds for latency.</summary>
    public string Show(double value) => Metric switch
    {
        "error-rate" when InPercent => (value * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%",
        "error-rate" => value.ToString("0.####", CultureInfo.InvariantCulture),
        "rps" => value.ToString("0.#", CultureInfo.InvariantCulture) + "/s",
        _ => value.ToString("0.###", CultureInfo.InvariantCulture) + " ms",
    };

    private static void Require(string text, bool condition, string why)
    {
        if (!condition)
        {
            throw new FormatException($"Threshold \"{text}\": {why}.");
        }
    }

    private static double ParseMilliseconds(string text, string limit)
    {
        if (limit.EndsWith("ms", StringComparison.OrdinalIgnoreCase))
        {
            return ParseNumber(text, limit[..^2]);
        }

        return limit.EndsWith('s') ? ParseNumber(text, limit[..^1]) * 1000 : ParseNumber(text, limit);
    }

    private static double ParseNumber(string text, string number) =>
        double.TryParse(number.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && double.IsFinite(value)
            ? value
            : throw new FormatException($"Threshold \"{text}\": \"{number.Trim()}\" is not a non-negative number.");
}

/// <summary>One threshold checked against one step (or the run).</summary>
/// <param name="Actual">The measured value (a fraction for error rates, milliseconds for latency); null when there was nothing to measure.</param>
/// <param name="Shown">The value in the threshold's unit, as people read it ("37.8%", "12.5 ms").</param>
internal sealed record ThresholdResult(string Threshold, string Scope, double? Actual, string Shown, bool Met, string Detail);
