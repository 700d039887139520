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
}
