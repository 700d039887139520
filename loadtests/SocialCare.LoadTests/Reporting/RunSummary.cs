using SocialCare.LoadTests.Care;
using SocialCare.LoadTests.Metrics;
using SocialCare.LoadTests.Running;

namespace SocialCare.LoadTests.Reporting;

/// <summary>One step's results over the measured part of a run.</summary>
internal sealed record StepSummary(
    string Name,
    long Requests,
    long Ok,
    long Expected,
    long Errors,
    double OkPerSecond,
    double ErrorRate,
    long WarmUpRequests,
    LatencySummary Latency,
    IReadOnlyDictionary<string, long> Statuses)
{
    /// <summary>
    /// How long the failed requests took, apart from <see cref="Latency"/> (OK answers only): a p99
    /// that passes while most requests fail is not a fast run, and this says how they failed.
    /// </summary>
    public LatencySummary FailedLatency { get; init; } = LatencySummary.Empty;

    /// <summary>The OK answers' latency distribution, for charts and for comparing runs beyond a few percentiles.</summary>
    public IReadOnlyList<PercentilePoint> Distribution { get; init; } = [];

    public static StepSummary From(StepMetrics step, TimeSpan measured)
    {
        // OK answers are the latency samples merged so far; the collector's last interval must
        // have been taken (the runner does so before it returns).
        var latency = LatencySummary.From(step.Total);
        var ok = latency.Count;
        var expected = step.Expected;
        var errors = step.Errors;
        var requests = ok + expected + errors;
        return new StepSummary(
            step.Name,
            requests,
            ok,
            expected,
            errors,
            measured > TimeSpan.Zero ? ok / measured.TotalSeconds : 0,
            requests == 0 ? 0 : errors / (double)requests,
            step.WarmUpRequests,
            latency,
            step.StatusCounts)
        {
            FailedLatency = LatencySummary.From(step.FailedTotal),
            Distribution = LatencySummary.Curve(step.Total),
        };
    }
}

/// <summary>The machine-readable result of a run: what CI jobs compare between builds.</summary>
internal sealed record RunSummary(
    string Scenario,
    string RunId,
    string TenantId,
    IReadOnlyList<string> Endpoints,
    DateTimeOffset StartTime,
    double WarmUpSeconds,
    double MeasuredSeconds,
    long Abandoned,
    IReadOnlyDictionary<string, object> Settings,
    IReadOnlyList<StepSummary> Steps,
    SlaOutcomes? Sla)
{
    public IReadOnlyList<ThresholdResult> Thresholds { get; init; } = [];

    /// <summary>The mentions across unary and stream ingest: acknowledged, conversations opened, duplicates.</summary>
    public MentionTally? Mentions { get; init; }

    /// <summary>
    /// The run made its tenant (none of that id existed): `cleanup` deletes only such tenants,
    /// never one a run was pointed at with --tenant.
    /// </summary>
    public bool TenantCreated { get; init; }

    /// <summary>Stopped before its end (Ctrl-C): the figures cover what ran, and the run does not pass.</summary>
    public bool Interrupted { get; init; }

    /// <summary>The shape of this file: raised when a field changes meaning or goes, so a CI job can tell.</summary>
    public int SchemaVersion => 1;

    /// <summary>The load tool's version, with the commit it was built from after a "+" when the build knew it.</summary>
    public string ToolVersion { get; } = typeof(RunSummary).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
        .OfType<System.Reflection.AssemblyInformationalVersionAttribute>()
        .FirstOrDefault()?.InformationalVersion ?? "unknown";

    /// <summary>What the tool exits with: 0 passed, 2 a threshold missed, 130 interrupted.</summary>
    public int ExitCode => Interrupted ? ExitCodes.Interrupted : Thresholds.All(t => t.Met) ? ExitCodes.Passed : ExitCodes.ThresholdMissed;

    /// <summary>Every threshold met (the default error rate among them) and the run played to its end.</summary>
    public bool Passed => ExitCode == ExitCodes.Passed;

    /// <summary>Each step's seconds (answers, errors, percentiles), for charts and comparisons outside the report.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<IntervalSample>> Timeline { get; init; } = new Dictionary<string, IReadOnlyList<IntervalSample>>();

    /// <summary>How many times faster than real time a week-replay played its week; null for other scenarios.</summary>
    public double? Compression { get; init; }

    /// <summary>The first-response target the run's tenant was given (in the run's own time), in seconds.</summary>
    public double FirstResponseSeconds { get; init; }

    /// <summary>Each measured second from the client's side: arrivals offered per flow, requests in flight.</summary>
    public IReadOnlyList<LoadSecond> Load { get; init; } = [];

    public long TotalRequests => Steps.Sum(s => s.Requests);

    public long TotalErrors => Steps.Sum(s => s.Errors) + Abandoned;

    public double ErrorRate => TotalRequests + Abandoned == 0 ? 0 : TotalErrors / (double)(TotalRequests + Abandoned);

    public static IReadOnlyList<StepSummary> StepsOf(RunMeasurements measurements) =>
        [.. measurements.Steps.Select(s => StepSummary.From(s, measurements.MeasuredDuration))];
}

/// <summary>The load tool's exit codes.</summary>
internal static class ExitCodes
{
    public const int Passed = 0;
    public const int CouldNotRun = 1;
    public const int ThresholdMissed = 2;

    /// <summary>Stopped by Ctrl-C after it started: 128 + SIGINT, as shells report it.</summary>
    public const int Interrupted = 130;
}
