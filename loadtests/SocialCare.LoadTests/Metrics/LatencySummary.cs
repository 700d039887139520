using HdrHistogram;

namespace SocialCare.LoadTests.Metrics;

/// <summary>The latency percentiles of one step, in milliseconds, as reports and thresholds read them.</summary>
internal sealed record LatencySummary(long Count, double MeanMs, double P50Ms, double P75Ms, double P90Ms, double P95Ms, double P99Ms, double P999Ms, double MaxMs)
{
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Reads a histogram recorded in microseconds.</summary>
    public static LatencySummary From(HistogramBase histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (histogram.TotalCount == 0)
        {
            return Empty;
        }

        double Ms(double percentile) => histogram.GetValueAtPercentile(percentile) / 1000.0;
        return new LatencySummary(
            histogram.TotalCount,
            histogram.GetMean() / 1000.0,
            Ms(50),
            Ms(75),
            Ms(90),
            Ms(95),
            Ms(99),
            Ms(99.9),
            histogram.GetMaxValue() / 1000.0);
    }

    /// <summary>The names <see cref="ByName"/> knows, as thresholds and comparisons take them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["p50", "p75", "p90", "p95", "p99", "p99.9", "max", "mean"];

    /// <summary>A percentile by its usual name (p50, p99, p99.9, max, mean), for thresholds.</summary>
    public double? ByName(string name) => name switch
    {
        "p50" => P50Ms,
        "p75" => P75Ms,
        "p90" => P90Ms,
        "p95" => P95Ms,
        "p99" => P99Ms,
        "p99.9" => P999Ms,
        "max" => MaxMs,
        "mean" => MeanMs,
        _ => null,
    };

    /// <summary>The percentiles a latency distribution is drawn and compared at, from the median out to the tail.</summary>
    public static IReadOnlyList<double> CurvePercentiles { get; } = [0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100];

    /// <summary>The histogram's percentile curve in milliseconds: what a latency distribution chart plots.</summary>
    public static IReadOnlyList<PercentilePoint> Curve(HistogramBase histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        return histogram.TotalCount == 0
            ? []
            : [.. CurvePercentiles.Select(p => new PercentilePoint(p, histogram.GetValueAtPercentile(p) / 1000.0))];
    }
}

/// <summary>One point of a latency distribution: this percentile of requests answered within <see cref="Ms"/>.</summary>
internal sealed record PercentilePoint(double Percentile, double Ms);
