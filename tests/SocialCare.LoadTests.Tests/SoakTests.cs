using Grpc.Core;
using SocialCare.LoadTests.Metrics;
using SocialCare.LoadTests.Soak;

namespace SocialCare.LoadTests.Tests;

public sealed class SoakTests
{
    [Fact]
    public void The_metrics_text_is_summed_over_labels_and_grouped_by_one_skipping_comments_and_other_series()
    {
        var text = """
            # HELP orleans_catalog_activations Activations
            # TYPE orleans_catalog_activations gauge
            orleans_catalog_activations{otel_scope_name="Microsoft.Orleans",grain_type="conversation"} 120
            orleans_catalog_activations{otel_scope_name="Microsoft.Orleans",grain_type="author"} 80
            orleans_catalog_activations{otel_scope_name="Microsoft.Orleans",grain_type="conversation",note="a, quoted comma"} 5
            orleans_catalog_activations_other{grain_type="conversation"} 1000
            dotnet_process_memory_working_set_bytes 1048576
            garbage line without a value
            """;
        var parsed = PrometheusText.Parse(text);

        Assert.Equal(205, parsed.Sum("orleans_catalog_activations"));
        Assert.Equal(1048576, parsed.Sum("dotnet_process_memory_working_set_bytes"));
        Assert.Equal(0, parsed.Sum("not_reported"));
        var byType = parsed.SumBy("orleans_catalog_activations", "grain_type");
        Assert.Equal(125, byType["conversation"]);
        Assert.Equal(80, byType["author"]);
        Assert.Equal(2, byType.Count);
    }

    [Fact]
    public void A_phase_settles_after_three_minutes_and_its_growth_is_measured_from_there_to_its_end()
    {
        // Ten minutes of openings sampled every minute: memory climbs fast for three minutes, then 10% more.
        var samples = Enumerable.Range(1, 10)
            .Select(m => Sample(m * 60, "openings", m <= 3 ? m * 300 : 900 + ((m - 3) * 90 / 7.0), perSecond: 2000))
            .Append(Sample(660, "follow-ups", 1000, perSecond: 4000))
            .Append(Sample(720, "follow-ups", 1000, perSecond: 4200))
            .ToList();

        var phases = SoakReport.Summarize(samples);

        var openings = phases[0];
        Assert.Equal("openings", openings.Phase);
        Assert.Equal(10, openings.Minutes, 3);
        Assert.Equal(900, openings.SettledWorkingSetMegabytes, 3);
        Assert.Equal(990, openings.EndWorkingSetMegabytes, 3);
        Assert.Equal(0.10, openings.Growth, 3);
        Assert.Equal(2000, openings.MeanPerSecond, 3);
        var followUps = phases[1];
        Assert.Equal(4100, followUps.MeanPerSecond, 3);
        Assert.Equal(0, followUps.Growth, 3);
        Assert.Contains("| openings | 10.0 | 2,000 |", SoakReport.Table(phases), StringComparison.Ordinal);
        Assert.Contains("+10%", SoakReport.Table(phases), StringComparison.Ordinal);
    }

    [Fact]
    public void Refusals_are_counted_apart_from_errors_in_the_table_and_the_csv()
    {
        var samples = new[]
        {
            Sample(10, "openings", 500, perSecond: 1000, errors: 0, refused: 1200),
            Sample(20, "openings", 520, perSecond: 900, errors: 1, refused: 34),
        };

        var phase = Assert.Single(SoakReport.Summarize(samples));

        Assert.Equal(1, phase.Errors);
        Assert.Equal(1234, phase.Refused);
        Assert.Contains("| 1 | 1,234 |", SoakReport.Table([phase]), StringComparison.Ordinal);
        var csv = SoakReport.Csv(samples).Split('\n');
        Assert.EndsWith(",errors,refused", csv[0], StringComparison.Ordinal);
        Assert.EndsWith(",1,34", csv[2], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StatusCode.ResourceExhausted, "1000", true, 1000)]
    [InlineData(StatusCode.Unavailable, "250", true, 250)]
    [InlineData(StatusCode.Unavailable, "600000", true, 5000)]
    [InlineData(StatusCode.Unavailable, null, false, 0)]
    [InlineData(StatusCode.ResourceExhausted, "-1", false, 0)]
    [InlineData(StatusCode.ResourceExhausted, "soon", false, 0)]
    [InlineData(StatusCode.Internal, "1000", false, 0)]
    [InlineData(StatusCode.Unknown, "1000", false, 0)]
    public void Only_a_shedding_status_with_a_retry_pushback_is_a_refusal_waited_out_at_most_five_seconds(StatusCode status, string? pushback, bool refusal, int waitMilliseconds)
    {
        var trailers = new Metadata();
        if (pushback is not null)
        {
            trailers.Add("grpc-retry-pushback-ms", pushback);
        }

        Assert.Equal(refusal, SoakRefusal.TryRead(new RpcException(new Status(status, "busy"), trailers), out var wait));
        Assert.Equal(TimeSpan.FromMilliseconds(waitMilliseconds), wait);
    }

    private static SoakSample Sample(double seconds, string phase, double workingSet, double perSecond, long errors = 0, long refused = 0) =>
        new(seconds, phase, workingSet, workingSet * 0.8, workingSet * 0.9, 1000, new Dictionary<string, long>(StringComparer.Ordinal) { ["conversation"] = 300 }, perSecond, 12.5, errors, refused);
}
