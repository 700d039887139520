using SocialCare.LoadTests.Metrics;

namespace SocialCare.LoadTests.Bench;

/// <summary>
/// One benchmark row: the most a target answers per second with a fixed number of callers
/// (closed loop), and its latency when offered half that rate on the open model. Error statuses
/// are absent from rows written before they were recorded.
/// </summary>
internal sealed record BenchRow(
    string Label,
    string Target,
    int Concurrency,
    double MaxPerSecond,
    long Errors,
    LatencySummary AtMax,
    double HalfRatePerSecond,
    LatencySummary AtHalfRate,
    long HalfRateErrors,
    BenchGoal Goal,
    IReadOnlyDictionary<string, long>? ErrorStatuses = null)
{
    /// <summary>The errors cell: how many, and by status, so a reader tells a client that could not keep up from a server that refused.</summary>
    public string ErrorsText()
    {
        var total = (Errors + HalfRateErrors).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        return ErrorStatuses is { Count: > 0 } statuses
            ? $"{total} ({string.Join(", ", statuses.OrderByDescending(s => s.Value).Select(s => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{s.Key} {s.Value:N0}")))})"
            : total;
    }
}

/// <summary>
/// What a row is held to: a share of a ceiling row (by label) and/or a plain rate, and the p99
/// when offered half its maximum.
/// </summary>
internal sealed record BenchGoal(string? Ceiling, double? MinRatio, double? MinPerSecond, double? MaxP99AtHalfRateMs);

/// <summary>An external ceiling measured by another tool in the same run (pgbench).</summary>
internal sealed record BenchCeiling(string Label, double PerSecond, string How);
