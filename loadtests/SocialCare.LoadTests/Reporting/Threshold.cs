using System.Globalization;

namespace SocialCare.LoadTests.Reporting;

/// <summary>
/// A pass/fail limit given on the command line, e.g. <c>p99&lt;50ms</c>,
/// <c>ingest_unary:p99.9&lt;200ms</c>, <c>error-rate&lt;1%</c>, <c>ingest_stream:rps&gt;3000</c>.
/// Without a step, a latency or throughput limit applies to every step that answered anything
/// and the error rate to the whole run.
/// </summary>
internal sealed record Threshold(string Text, string? Step, string Metric, bool AtMost, double Limit)
{
    private static readonly string[] LatencyMetrics = ["p50", "p75", "p90", "p95", "p99", "p99.9", "max", "mean"];

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

        double limit;
        if (LatencyMetrics.Contains(metric))
        {
            Require(text, atMost, "a latency limit is a most, written with <");
            limit = ParseMilliseconds(text, limitText);
        }
        else if (metric == "error-rate")
        {
            Require(text, atMost, "an error-rate limit is a most, written with <");
            limit = limitText.EndsWith('%') ? ParseNumber(text, limitText[..^1]) / 100 : ParseNumber(text, limitText);
        }
        else if (metric == "rps")
        {
            Require(text, !atMost, "a throughput limit is a least, written with >");
            limit = ParseNumber(text, limitText);
        }
        else
        {
            throw new FormatException($"Threshold \"{text}\": unknown metric \"{metric}\" (use {string.Join(", ", LatencyMetrics)}, error-rate or rps).");
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
            return [new ThresholdResult(Text, Step ?? "run", double.NaN, false, Step is null ? "no step answered anything" : $"the run has no step \"{Step}\"")];
        }

        return [.. steps.Select(s => Judge(s.Name, Metric switch
        {
            "error-rate" => s.ErrorRate,
            "rps" => s.OkPerSecond,
            _ => s.Latency.ByName(Metric) ?? double.NaN,
        }))];
    }

    private ThresholdResult Judge(string scope, double actual)
    {
        var met = AtMost ? actual < Limit : actual > Limit;
        return new ThresholdResult(Text, scope, actual, met, met ? "met" : "missed");
    }

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
internal sealed record ThresholdResult(string Threshold, string Scope, double Actual, bool Met, string Detail);
