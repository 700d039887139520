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

        // Counters' names as the Prometheus exporter writes them: dots to underscores, "_total" added.
        var source = string.Join('\n', Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));
        var created = CounterName().Matches(source).Select(m => m.Groups[1].Value.Replace('.', '_') + "_total").ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(charted);
        Assert.All(charted, series => Assert.Contains(series, created));
        // And the desk's headline instruments are all on it.
        Assert.Subset(charted, new HashSet<string>(["socialcare_mentions_ingested_total", "socialcare_replies_posted_total", "socialcare_sla_breaches_total"], StringComparer.Ordinal));
    }

    [GeneratedRegex(@"\bsocialcare_[a-z_]+")]
    private static partial Regex SeriesName();

    [GeneratedRegex(@"CreateCounter<long>\(\s*""(socialcare\.[a-z.]+)""")]
    private static partial Regex CounterName();
}
