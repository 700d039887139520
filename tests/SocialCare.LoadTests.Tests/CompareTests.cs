using System.CommandLine;
using System.Text.Json;
using System.Xml.Linq;
using SocialCare.LoadTests.Commands;
using SocialCare.LoadTests.Metrics;
using SocialCare.LoadTests.Reporting;
using SocialCare.LoadTests.Scenarios;

namespace SocialCare.LoadTests.Tests;

/// <summary>
/// `compare` gates a release on last week's run: summaries written as a run writes them, read
/// back, judged per step against a tolerance, with the exit code a CI job acts on.
/// </summary>
public sealed class CompareTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("socialcare-compare-");

    public void Dispose() => _folder.Delete(recursive: true);

    /// <summary>A summary as a run writes it: each step answered <paramref name="okPerSecond"/> for 10 s at <paramref name="latencyMs"/>.</summary>
    internal static RunSummary Summary(double okPerSecond, double latencyMs, long errors = 0, params string[] steps)
    {
        var measured = TimeSpan.FromSeconds(10);
        var summaries = new List<StepSummary>();
        foreach (var name in steps.Length == 0 ? ["ingest_unary", "list_queue"] : steps)
        {
            var step = new StepMetrics(name);
            for (var i = 0; i < okPerSecond * measured.TotalSeconds; i++)
            {
                step.Record(warmUp: false, OutcomeKind.Ok, "OK", TimeSpan.FromMilliseconds(latencyMs));
            }

            for (var i = 0; i < errors; i++)
            {
                step.Record(warmUp: false, OutcomeKind.Error, "Unavailable", TimeSpan.FromMilliseconds(1));
            }

            step.TakeInterval(measured);
            summaries.Add(StepSummary.From(step, measured));
        }

        return new RunSummary("agent-desk", "run-1", "load-run-1", ["http://127.0.0.1:5000"], DateTimeOffset.UnixEpoch, 10, measured.TotalSeconds, 0,
            new Dictionary<string, object> { ["mentionRatePerSecond"] = 50.0 }, summaries, null);
    }

    private string Write(string name, RunSummary summary)
    {
        var folder = _folder.CreateSubdirectory(name);
        File.WriteAllText(Path.Combine(folder.FullName, "summary.json"), JsonSerializer.Serialize(summary, LoadSession.Json));
        return folder.FullName;
    }

    private static (int ExitCode, string Output) Compare(params string[] args)
    {
        var output = new StringWriter();
        var code = new RootCommand { CompareCommand.Create() }.Parse(["compare", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = output });
        return (code, output.ToString());
    }

    [Fact]
    public void A_run_compared_with_itself_has_no_regression()
    {
        var run = Write("same", Summary(okPerSecond: 50, latencyMs: 20));

        var comparison = SummaryComparison.Of(SummaryFigures.Read(run), SummaryFigures.Read(Path.Combine(run, "summary.json")), ComparisonTolerance.Default, SummaryComparison.DefaultPercentiles);

        Assert.False(comparison.Regressed);
        // Per step: throughput, error rate and the three default percentiles.
        Assert.Equal(2 * 5, comparison.Changes.Count);
        Assert.All(comparison.Changes, c => Assert.Equal(0, c.Change ?? 0, 9));
    }

    [Theory]
    [InlineData(50, 25.0, 0, "10%", true, "p50 ms")] // 25% slower everywhere in latency
    [InlineData(50, 21.0, 0, "10%", false, null)] // 5% slower: within tolerance
    [InlineData(40, 20.0, 0, "10%", true, "ok/s")] // a fifth less throughput
    [InlineData(40, 20.0, 0, "25%", false, null)] // ...which a looser gate accepts
    [InlineData(50, 20.0, 10, "10%", true, "error rate")] // 2% of requests failing now
    public void A_candidate_worse_than_the_tolerance_is_a_regression_naming_the_figure(double okPerSecond, double latencyMs, long errors, string tolerance, bool regressed, string? figure)
    {
        var baseline = Write("baseline", Summary(okPerSecond: 50, latencyMs: 20));
        var candidate = Write("candidate", Summary(okPerSecond, latencyMs, errors));

        var (code, output) = Compare(baseline, candidate, "--tolerance", tolerance);

        Assert.Equal(regressed ? 2 : 0, code);
        Assert.Contains(regressed ? "regression" : "no regression", output, StringComparison.Ordinal);
        if (figure is not null)
        {
            Assert.Contains(output.Split('\n'), line => line.Contains(figure, StringComparison.Ordinal) && line.Contains("REGRESSED", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Latency_growth_under_the_floor_is_not_a_regression()
    {
        // 0.5 ms to 0.9 ms is 80% slower and of no consequence to a care desk.
        var baseline = Write("fast", Summary(okPerSecond: 50, latencyMs: 0.5));
        var candidate = Write("still-fast", Summary(okPerSecond: 50, latencyMs: 0.9));

        var (code, output) = Compare(baseline, candidate);
        Assert.Equal(0, code);
        Assert.Contains("under the 1 ms floor", output, StringComparison.Ordinal);
        Assert.Equal(2, Compare(baseline, candidate, "--latency-floor", "0.1ms").ExitCode);
    }

    [Fact]
    public void A_tail_percentile_resting_on_a_handful_of_answers_is_shown_but_not_judged()
    {
        // 500 answers a step: 5 lie beyond the p99, too few to hold a release to.
        var baseline = SummaryFigures.Read(Write("short", Summary(okPerSecond: 50, latencyMs: 20)));
        var candidate = SummaryFigures.Read(Write("short-slow", Summary(okPerSecond: 50, latencyMs: 40)));

        var comparison = SummaryComparison.Of(baseline, candidate, ComparisonTolerance.Default, ["p50", "p99"]);
        var p99 = comparison.Changes.Where(c => c.Figure == "p99 ms").ToList();
        Assert.All(p99, c => Assert.StartsWith("not judged: 5 answers beyond it", c.Verdict, StringComparison.Ordinal));
        Assert.All(p99, c => Assert.False(c.Regressed));
        Assert.All(comparison.Changes.Where(c => c.Figure == "p50 ms"), c => Assert.True(c.Regressed));

        var lenient = SummaryComparison.Of(baseline, candidate, ComparisonTolerance.Default with { MinTailAnswers = 5 }, ["p99"]);
        Assert.All(lenient.Changes.Where(c => c.Figure == "p99 ms"), c => Assert.True(c.Regressed));
    }

    [Fact]
    public void A_step_the_candidate_never_ran_is_a_regression_and_a_new_one_a_note()
    {
        var baseline = Write("full", Summary(okPerSecond: 50, latencyMs: 20, 0, "ingest_unary", "claim"));
        var candidate = Write("partial", Summary(okPerSecond: 50, latencyMs: 20, 0, "ingest_unary", "reply"));

        var comparison = SummaryComparison.Of(SummaryFigures.Read(baseline), SummaryFigures.Read(candidate), ComparisonTolerance.Default, ["p99"]);

        var missing = Assert.Single(comparison.Changes, c => c.Regressed);
        Assert.Equal(("claim", "step missing from the candidate"), (missing.Step, missing.Verdict));
        Assert.Contains(comparison.Notes, n => n.Contains("reply", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_that_is_not_a_summary_this_tool_reads_is_refused_in_one_line()
    {
        var good = Write("good", Summary(okPerSecond: 50, latencyMs: 20));
        var future = _folder.CreateSubdirectory("future");
        File.WriteAllText(Path.Combine(future.FullName, "summary.json"), File.ReadAllText(Path.Combine(good, "summary.json")).Replace("\"schemaVersion\": 1", "\"schemaVersion\": 99", StringComparison.Ordinal));
        var notJson = Path.Combine(_folder.FullName, "notes.txt");
        File.WriteAllText(notJson, "last week was fine");

        var (code, output) = Compare(good, future.FullName);
        Assert.Equal(1, code);
        Assert.Contains("schema version 99", output, StringComparison.Ordinal);
        Assert.Equal(1, Compare(good, notJson).ExitCode);
        Assert.Contains("no such file", Compare(good, Path.Combine(_folder.FullName, "missing")).Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", Compare(good, notJson).Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_junit_file_has_a_case_per_threshold_and_fails_the_missed_ones_and_an_interrupted_run()
    {
        var run = Summary(okPerSecond: 50, latencyMs: 20) with
        {
            Thresholds =
            [
                new ThresholdResult("p99<50ms", "ingest_unary", 20, "20 ms", true, "met"),
                new ThresholdResult("p99<10ms", "list_queue", 20, "20 ms", false, "missed"),
            ],
            Interrupted = true,
        };

        var suite = JUnitReport.Render(run).Root!.Element("testsuite")!;

        Assert.Equal("3", suite.Attribute("tests")!.Value);
        Assert.Equal("2", suite.Attribute("failures")!.Value);
        var failed = suite.Elements("testcase").Where(c => c.Element("failure") is not null).Select(c => c.Attribute("name")!.Value).ToList();
        Assert.Equal(["run played to its end", "p99<10ms [list_queue]"], failed);
        Assert.Contains("20 ms", suite.Elements("testcase").Single(c => c.Attribute("name")!.Value.StartsWith("p99<10ms", StringComparison.Ordinal)).Element("failure")!.Attribute("message")!.Value, StringComparison.Ordinal);
        Assert.Equal("130", suite.Element("properties")!.Elements().Single(p => p.Attribute("name")!.Value == "exitCode").Attribute("value")!.Value);
    }
}
