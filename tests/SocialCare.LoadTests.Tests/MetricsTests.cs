using HdrHistogram;
using SocialCare.LoadTests.Metrics;
using SocialCare.LoadTests.Reporting;

namespace SocialCare.LoadTests.Tests;

public sealed class MetricsTests
{
    [Fact]
    public void Interval_histograms_merge_into_the_same_percentiles_as_one_histogram_of_every_sample()
    {
        var step = new StepMetrics("ingest_unary");
        var whole = StepMetrics.NewHistogram();
        var random = new Random(7);
        var intervals = new List<IntervalSample>();
        for (var second = 1; second <= 5; second++)
        {
            // Each second has its own spread, so a merge that kept only the last interval, or
            // averaged percentiles, would land far from the whole-run figures.
            for (var i = 0; i < 2_000; i++)
            {
                var micros = (long)(second * 1_000 * (1 + (random.NextDouble() * second)));
                step.Record(warmUp: false, OutcomeKind.Ok, "OK", TimeSpan.FromTicks(micros * 10));
                whole.RecordValue(micros);
            }

            intervals.Add(step.TakeInterval(TimeSpan.FromSeconds(second)));
        }

        Assert.All(intervals, s => Assert.Equal(2_000, s.Ok));
        Assert.Equal(10_000, step.Total.TotalCount);
        var merged = LatencySummary.From(step.Total);
        var expected = LatencySummary.From(whole);
        Assert.Equal(expected, merged);
        Assert.True(intervals[4].Latency.P50Ms > intervals[0].Latency.P99Ms, "later seconds were recorded slower");
    }

    [Fact]
    public void Warm_up_requests_are_counted_apart_and_never_reach_the_results()
    {
        var step = new StepMetrics("claim");
        step.Record(warmUp: true, OutcomeKind.Ok, "OK", TimeSpan.FromMilliseconds(900));
        step.Record(warmUp: true, OutcomeKind.Error, "Unavailable", TimeSpan.FromMilliseconds(1));
        step.Record(warmUp: false, OutcomeKind.Ok, "OK", TimeSpan.FromMilliseconds(2));
        step.Record(warmUp: false, OutcomeKind.Expected, "FailedPrecondition", TimeSpan.FromMilliseconds(3));
        step.Record(warmUp: false, OutcomeKind.Error, "DeadlineExceeded", TimeSpan.FromSeconds(10));
        var sample = step.TakeInterval(TimeSpan.FromSeconds(1));

        Assert.Equal(2, step.WarmUpRequests);
        Assert.Equal((1L, 1L, 1L), (sample.Ok, sample.Expected, sample.Errors));
        var summary = StepSummary.From(step, TimeSpan.FromSeconds(2));
        Assert.Equal(3, summary.Requests);
        Assert.Equal(1.0 / 3, summary.ErrorRate, 6);
        Assert.Equal(0.5, summary.OkPerSecond, 6);
        Assert.InRange(summary.Latency.MaxMs, 1.99, 2.01);
        Assert.Equal(new Dictionary<string, long> { ["DeadlineExceeded"] = 1, ["FailedPrecondition"] = 1, ["OK"] = 1 }, summary.Statuses);
    }

    [Fact]
    public void Latencies_beyond_the_trackable_range_are_clamped_not_lost()
    {
        var step = new StepMetrics("resolve");
        step.Record(warmUp: false, OutcomeKind.Ok, "OK", TimeSpan.FromHours(1));
        step.Record(warmUp: false, OutcomeKind.Ok, "OK", TimeSpan.Zero);
        step.TakeInterval(TimeSpan.FromSeconds(1));
        Assert.Equal(2, step.Total.TotalCount);
        Assert.True(step.Total.GetMaxValue() >= StepMetrics.HighestTrackableMicroseconds * 0.99);
    }

    [Fact]
    public void Failed_requests_latency_is_kept_apart_from_the_ok_answers_and_errors_are_timed_by_status()
    {
        // The repro: a p99 threshold passed while most requests failed, because failures had no
        // latency at all. They now have their own histogram and their own statuses per second.
        var step = new StepMetrics("ingest_unary");
        step.Record(warmUp: false, OutcomeKind.Ok, "OK", TimeSpan.FromMilliseconds(2));
        for (var i = 0; i < 3; i++)
        {
            step.Record(warmUp: false, OutcomeKind.Error, "DeadlineExceeded", TimeSpan.FromSeconds(10));
        }

        step.Record(warmUp: false, OutcomeKind.Error, "Unavailable", TimeSpan.FromMilliseconds(1));
        step.Record(warmUp: false, OutcomeKind.Expected, "FailedPrecondition", TimeSpan.FromMilliseconds(5));
        var first = step.TakeInterval(TimeSpan.FromSeconds(1));
        step.Record(warmUp: false, OutcomeKind.Error, "Unavailable", TimeSpan.FromMilliseconds(1));
        var second = step.TakeInterval(TimeSpan.FromSeconds(2));

        var summary = StepSummary.From(step, TimeSpan.FromSeconds(2));
        Assert.Equal(1, summary.Latency.Count);
        Assert.InRange(summary.Latency.MaxMs, 1.99, 2.01);
        Assert.Equal(5, summary.FailedLatency.Count);
        Assert.InRange(summary.FailedLatency.MaxMs, 9_990, 10_010);
        Assert.InRange(summary.FailedLatency.P50Ms, 9_990, 10_010);
        Assert.Equal(new Dictionary<string, long> { ["DeadlineExceeded"] = 3, ["Unavailable"] = 1 }, first.ErrorStatuses);
        Assert.Equal(new Dictionary<string, long> { ["Unavailable"] = 1 }, second.ErrorStatuses);
        Assert.Equal(1.0, first.SinceStartSeconds);
    }

    [Fact]
    public void A_steps_distribution_runs_from_its_fastest_to_its_slowest_answer()
    {
        var step = new StepMetrics("claim");
        for (var ms = 1; ms <= 1_000; ms++)
        {
            step.Record(warmUp: false, OutcomeKind.Ok, "OK", TimeSpan.FromMilliseconds(ms));
        }

        step.TakeInterval(TimeSpan.FromSeconds(1));
        var curve = StepSummary.From(step, TimeSpan.FromSeconds(1)).Distribution;

        Assert.Equal(LatencySummary.CurvePercentiles, curve.Select(p => p.Percentile));
        Assert.InRange(curve[0].Ms, 0.99, 1.01);
        Assert.InRange(curve.Single(p => p.Percentile == 50).Ms, 499, 501);
        Assert.InRange(curve[^1].Ms, 999, 1_001);
        Assert.Equal(curve.Select(p => p.Ms).Order(), curve.Select(p => p.Ms));
        Assert.Empty(StepSummary.From(new StepMetrics("resolve"), TimeSpan.FromSeconds(1)).Distribution);
    }
}
