using System.Diagnostics;
using SocialCare.LoadTests.Care;
using SocialCare.LoadTests.Metrics;
using SocialCare.LoadTests.Running;
using SocialCare.LoadTests.Scheduling;

namespace SocialCare.LoadTests.Bench;

/// <summary>
/// Measures one target in two passes. First the maximum: <c>concurrency</c> callers each send
/// their next request the moment the last one answers (a closed loop, which is how a ceiling is
/// found, not how users behave). Then the behaviour users see: the open model at half that
/// rate, latency counted from each request's scheduled start.
/// </summary>
internal static class BenchRunner
{
    public static async Task<BenchRow> MeasureAsync(
        string label,
        BenchTarget target,
        BenchCalls calls,
        int concurrency,
        TimeSpan warmUp,
        TimeSpan duration,
        BenchGoal goal,
        TextWriter log,
        CancellationToken cancellation,
        Uri? hostMetrics = null)
    {
        var closedLoop = new StepRecorder();
        var max = closedLoop["max"];
        var index = -1L;
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var end = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        using var meter = hostMetrics is null ? null : new CallCostMeter(hostMetrics);
        var costs = meter is null ? Task.FromResult<(CallCostMeter.Reading?, CallCostMeter.Reading?)>((null, null)) : ReadAroundAsync(meter, measureFrom, end, cancellation);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() is var now && now < end && !cancellation.IsCancellationRequested)
            {
                // Timed and classified like any scenario step; here each call starts when the
                // caller's previous one answered, so its latency counts from that moment.
                var call = new FlowCall(Interlocked.Increment(ref index), now, now < measureFrom, closedLoop, cancellation);
                await closedLoop.TimeAsync("max", call, now, ct => calls.CallAsync(target, call.Index, ct)).ConfigureAwait(false);
            }
        }, cancellation))).ConfigureAwait(false);
        max.TakeInterval(duration);
        var maxPerSecond = max.Total.TotalCount / duration.TotalSeconds;
        var (first, last) = await costs.ConfigureAwait(false);
        var cost = CallCostMeter.Between(first, last, max.Total.TotalCount);
        log.WriteLine($"{label}: max {maxPerSecond:0} per second with {concurrency} callers; now offering {maxPerSecond / 2:0} per second on the open model");

        var half = maxPerSecond / 2;
        var runner = new LoadRunner(
            [new LoadFlow("half", new ConstantRate(half, duration), async call =>
            {
                await call.Steps.TimeAsync("half", call, call.ScheduledTimestamp, ct => calls.CallAsync(target, index + 1 + call.Index, ct)).ConfigureAwait(false);
            })],
            new RunSettings(TimeSpan.FromSeconds(Math.Min(3, warmUp.TotalSeconds)), 10_000, TimeSpan.FromSeconds(30)));
        var open = await runner.RunAsync(null, cancellation).ConfigureAwait(false);
        var halfStep = open.Steps.FirstOrDefault(s => s.Name == "half");
        return new BenchRow(
            label,
            target.ToString(),
            concurrency,
            maxPerSecond,
            max.Errors,
            LatencySummary.From(max.Total),
            half,
            halfStep is null ? LatencySummary.Empty : LatencySummary.From(halfStep.Total),
            (halfStep?.Errors ?? 0) + open.Abandoned + open.Steps.Where(s => s.Name != "half").Sum(s => s.Errors),
            goal,
            ErrorStatuses([max, .. open.Steps], open.Abandoned),
            cost);
    }

    /// <summary>Reads the counters as the measured part of the closed loop starts and as it ends.</summary>
    private static async Task<(CallCostMeter.Reading?, CallCostMeter.Reading?)> ReadAroundAsync(CallCostMeter meter, long from, long to, CancellationToken cancellation)
    {
        await Task.Delay(Until(from), cancellation).ConfigureAwait(false);
        var first = await meter.ReadAsync(cancellation).ConfigureAwait(false);
        await Task.Delay(Until(to), cancellation).ConfigureAwait(false);
        return (first, await meter.ReadAsync(cancellation).ConfigureAwait(false));
    }

    private static TimeSpan Until(long timestamp) => TimeSpan.FromTicks(Math.Max(0, Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp).Ticks));

    /// <summary>Measured requests by status, without the answered ones; arrivals never answered count as Abandoned.</summary>
    private static SortedDictionary<string, long> ErrorStatuses(IEnumerable<StepMetrics> steps, long abandoned)
    {
        var statuses = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (status, count) in steps.SelectMany(step => step.StatusCounts))
        {
            if (status != "OK")
            {
                statuses[status] = statuses.GetValueOrDefault(status) + count;
            }
        }

        if (abandoned > 0)
        {
            statuses["Abandoned"] = statuses.GetValueOrDefault("Abandoned") + abandoned;
        }

        return statuses;
    }
}
