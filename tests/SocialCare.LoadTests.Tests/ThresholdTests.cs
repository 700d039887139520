using SocialCare.LoadTests.Metrics;
using SocialCare.LoadTests.Reporting;
using SocialCare.LoadTests.Running;

namespace SocialCare.LoadTests.Tests;

public sealed class ThresholdTests
{
    [Theory]
    [InlineData("p99<50ms", null, "p99", true, 50)]
    [InlineData("ingest_unary:p99.9 < 0.2s", "ingest_unary", "p99.9", true, 200)]
    [InlineData("max<75", null, "max", true, 75)]
    [InlineData("error-rate<1%", null, "error-rate", true, 0.01)]
    [InlineData("claim:error-rate<0.05", "claim", "error-rate", true, 0.05)]
    [InlineData("ingest_stream:rps>3000", "ingest_stream", "rps", false, 3000)]
    public void Thresholds_parse_their_step_metric_and_limit(string text, string? step, string metric, bool atMost, double limit)
    {
        var threshold = Threshold.Parse(text);
        Assert.Equal((step, metric, atMost), (threshold.Step, threshold.Metric, threshold.AtMost));
        Assert.Equal(limit, threshold.Limit, 9);
    }

    [Theory]
    [InlineData("p99", "expected [step:]metric<limit")]
    [InlineData("p98<50ms", "unknown metric \"p98\"")]
    [InlineData("p99>50ms", "a latency limit is a most")]
    [InlineData("rps<10", "a throughput limit is a least")]
    [InlineData("p99<fast", "\"fast\" is not a non-negative number")]
    [InlineData("error-rate<-1%", "is not a non-negative number")]
    public void Malformed_thresholds_are_refused_with_what_is_wrong(string text, string why)
    {
        var refused = Assert.Throws<FormatException>(() => Threshold.Parse(text));
        Assert.Contains(why, refused.Message, StringComparison.Ordinal);
        Assert.Contains(text, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_latency_threshold_without_a_step_judges_every_step_that_answered()
    {
        var run = Run(Step("ingest_unary", okMs: [10, 20, 30], errors: 0), Step("list_queue", okMs: [5, 80], errors: 0), Step("claim", okMs: [], errors: 2));
        var results = Threshold.Parse("max<50ms").Evaluate(run);
        Assert.Equal(["ingest_unary", "list_queue"], results.Select(r => r.Scope));
        Assert.Equal([true, false], results.Select(r => r.Met));
        Assert.InRange(results[1].Actual!.Value, 79.9, 80.1);
    }

    [Fact]
    public void The_error_rate_without_a_step_covers_the_whole_run_including_abandoned_requests()
    {
        var run = Run(Step("ingest_unary", okMs: [1, 1, 1, 1, 1, 1, 1], errors: 1), Step("claim", okMs: [1], errors: 0)) with { Abandoned = 1 };
        var result = Assert.Single(Threshold.Parse("error-rate<15%").Evaluate(run));
        Assert.Equal(0.2, result.Actual!.Value, 9);
        Assert.Equal("20%", result.Shown);
        Assert.False(result.Met);
        Assert.True(Assert.Single(Threshold.Parse("error-rate<25%").Evaluate(run)).Met);
    }

    [Fact]
    public void A_threshold_on_a_step_the_run_never_measured_fails_with_no_value_rather_than_passing_silently()
    {
        var run = Run(Step("ingest_unary", okMs: [1], errors: 0));
        var result = Assert.Single(Threshold.Parse("claim:p99<50ms").Evaluate(run));
        Assert.False(result.Met);
        Assert.Null(result.Actual);
        Assert.Equal("n/a", result.Shown);
        Assert.Contains("no step \"claim\"", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelled_step_is_refused_before_the_run_naming_the_steps_there_are()
    {
        var refused = Assert.Throws<FormatException>(() => Threshold.Parse("claims:p99<50ms"));
        Assert.Contains("unknown step \"claims\"", refused.Message, StringComparison.Ordinal);
        Assert.Contains("claim, reply", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_rate_written_as_a_percentage_is_shown_as_one_so_the_two_compare()
    {
        var run = Run(Step("ingest_unary", okMs: [1, 1, 1, 1, 1], errors: 3));
        var result = Assert.Single(Threshold.Parse("error-rate<0.1%").Evaluate(run));
        Assert.False(result.Met);
        Assert.Equal("37.5%", result.Shown);
        Assert.Equal("0.375", Assert.Single(Threshold.Parse("error-rate<0.5").Evaluate(run)).Shown);
        Assert.EndsWith(" ms", Assert.Single(Threshold.Parse("p99<50ms").Evaluate(run)).Shown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_fails_on_errors_by_default_unless_a_run_wide_error_rate_limit_is_given()
    {
        var defaults = Threshold.ForRun([Threshold.Parse("p99<50ms")]);
        Assert.Equal(["p99<50ms", "error-rate<1% (default)"], defaults.Select(t => t.Label));
        var run = Run(Step("ingest_unary", okMs: [1, 1, 1], errors: 1));
        Assert.False(Assert.Single(Threshold.DefaultErrorRate.Evaluate(run)).Met);

        Assert.Equal(["error-rate<30%"], Threshold.ForRun([Threshold.Parse("error-rate<30%")]).Select(t => t.Label));
        // A limit on one step's errors does not replace the run's.
        Assert.Equal(2, Threshold.ForRun([Threshold.Parse("claim:error-rate<5%")]).Count);
    }

    [Fact]
    public void A_value_not_measured_is_written_to_the_summary_as_null_not_as_a_string()
    {
        var run = Run(Step("ingest_unary", okMs: [1], errors: 0));
        var result = Assert.Single(Threshold.Parse("claim:p99<50ms").Evaluate(run));
        var json = System.Text.Json.JsonSerializer.Serialize(result, SocialCare.LoadTests.Scenarios.LoadSession.Json);
        Assert.Contains("\"actual\": null", json, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("1.5m", 90_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("00:00:05", 5_000)]
    public void Durations_read_as_typed(string text, double milliseconds)
    {
        Assert.True(DurationText.TryParse(text, out var duration));
        Assert.Equal(milliseconds, duration.TotalMilliseconds, 6);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-5s")]
    [InlineData("")]
    public void Durations_that_are_not_durations_are_refused(string text) => Assert.False(DurationText.TryParse(text, out _));

    private static StepMetrics Step(string name, double[] okMs, int errors)
    {
        var step = new StepMetrics(name);
        foreach (var ms in okMs)
        {
            step.Record(warmUp: false, OutcomeKind.Ok, "OK", TimeSpan.FromMilliseconds(ms));
        }

        for (var i = 0; i < errors; i++)
        {
            step.Record(warmUp: false, OutcomeKind.Error, "Unavailable", TimeSpan.Zero);
        }

        step.TakeInterval(TimeSpan.FromSeconds(1));
        return step;
    }

    private static RunSummary Run(params StepMetrics[] steps) => new(
        "agent-desk",
        "run",
        "tenant",
        ["http://127.0.0.1:5000/"],
        DateTimeOffset.UnixEpoch,
        0,
        10,
        0,
        new Dictionary<string, object>(),
        [.. steps.Select(s => StepSummary.From(s, TimeSpan.FromSeconds(10)))],
        null);
}
