using SocialCare.LoadTests.Metrics;

namespace SocialCare.LoadTests.Bench;

/// <summary>
/// One benchmark row: the most a target answers per second with a fixed number of callers
/// (closed loop), and its latency when offered half that rate on the open model. Error statuses
/// are absent from rows written before they were recorded; the cost per call is there only when
/// the host's /metrics was given.
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
    IReadOnlyDictionary<string, long>? ErrorStatuses = null,
    CallCost? Cost = null);

/// <summary>
/// What a row is held to: a share of a ceiling row (by label) and/or a plain rate, and the p99
/// when offered half its maximum.
/// </summary>
internal sealed record BenchGoal(string? Ceiling, double? MinRatio, double? MinPerSecond, double? MaxP99AtHalfRateMs);

/// <summary>An external ceiling measured by another tool in the same run (pgbench).</summary>
internal sealed record BenchCeiling(string Label, double PerSecond, string How);
