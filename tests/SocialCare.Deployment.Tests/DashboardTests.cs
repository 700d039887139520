using System.Text.Json;
using System.Text.RegularExpressions;

namespace SocialCare.Deployment.Tests;

/// <summary>
/// The Grafana dashboard under deploy/grafana charts instruments that exist: each SocialCare
/// series it queries is one SocialCare's code creates (under the name the Prometheus exporter
/// gives it), so renaming an instrument cannot leave a panel silently empty.
/// </summary>
public sealed partial class DashboardTests
{
    private static readonly string Root = PostgresFixture.RepositoryRoot;

    [Fact]
    public void Every_socialcare_series_on_the_dashboard_is_an_instrument_the_code_creates()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "deploy", "grafana", "socialcare-dashboard.json")));
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()!))
            .ToList();
        var charted = expressions.SelectMany(e => SeriesName().Matches(e).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);

        // Instruments' names as the Prometheus exporter writes them: dots to underscores, then
        // "_total" on counters, the unit ("_seconds") and "_bucket", "_sum", "_count" on histograms.
        var source = string.Join('\n', Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));
        var created = InstrumentName().Matches(source).Select(m => m.Groups[1].Value.Replace('.', '_')).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(charted);
        Assert.All(charted, series => Assert.Contains(Instrument(series), created));
        // And the desk's headline instruments are all on it.
        Assert.Subset(charted.Select(Instrument).ToHashSet(StringComparer.Ordinal), new HashSet<string>(
            ["socialcare_mentions_ingested", "socialcare_replies_posted", "socialcare_sla_breaches", "socialcare_first_response_duration", "socialcare_resolution_duration", "socialcare_queue_depth", "socialcare_journal_commit_duration"],
            StringComparer.Ordinal));
    }

    /// <summary>The instrument a Prometheus series comes from: its name without the suffixes the exporter adds.</summary>
    private static string Instrument(string series)
    {
        foreach (var suffix in new[] { "_total", "_bucket", "_sum", "_count" })
        {
            if (series.EndsWith(suffix, StringComparison.Ordinal))
            {
                series = series[..^suffix.Length];
                break;
            }
        }

        return series.EndsWith("_seconds", StringComparison.Ordinal) ? series[..^"_seconds".Length] : series;
    }

    [GeneratedRegex(@"\bsocialcare_[a-z_]+")]
    private static partial Regex SeriesName();

    [GeneratedRegex(@"Create(?:Counter|Histogram|ObservableGauge)(?:<\w+>)?\(\s*""(socialcare\.[a-z_.]+)""")]
    private static partial Regex InstrumentName();
}
