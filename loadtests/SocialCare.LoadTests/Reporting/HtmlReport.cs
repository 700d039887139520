using System.Globalization;
using System.Net;
using System.Text;
using SocialCare.LoadTests.Metrics;

namespace SocialCare.LoadTests.Reporting;

/// <summary>
/// The run's report as one self-contained HTML file: charts are rendered here by ScottPlot and
/// embedded as base64 PNG, tables are plain HTML, nothing is fetched when it is opened, so it
/// reads the same offline, attached to a ticket, or archived with a CI run.
/// </summary>
internal static class HtmlReport
{
    private const int ChartWidth = 1000;
    private const int ChartHeight = 360;

    public static string Render(RunSummary run, IReadOnlyDictionary<string, IReadOnlyList<IntervalSample>> timeline)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(timeline);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<title>SocialCare load run ").Append(E(run.RunId)).Append("</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
            .Append("th,td{border:1px solid #ccc;padding:4px 10px;text-align:right}th:first-child,td:first-child{text-align:left}")
            .Append(".missed{color:#b00020;font-weight:bold}.met{color:#1b5e20}img{max-width:100%}")
            .Append("</style></head><body>");
        html.Append("<h1>SocialCare load run: ").Append(E(run.Scenario)).Append("</h1>");
        html.Append("<p>Run <code>").Append(E(run.RunId)).Append("</code>, tenant <code>").Append(E(run.TenantId)).Append("</code>, started ")
            .Append(E(run.StartTime.ToString("u", CultureInfo.InvariantCulture))).Append(", ")
            .Append(F(run.WarmUpSeconds, "0")).Append(" s warm-up, ").Append(F(run.MeasuredSeconds, "0.0")).Append(" s measured, against ")
            .Append(E(string.Join(", ", run.Endpoints))).Append(".</p>");
        if (run.Interrupted)
        {
            html.Append("<p class=\"missed\">Interrupted: the run was stopped before its end. This report covers what ran until then.</p>");
        }

        if (run.Mentions is { } mentions)
        {
            html.Append("<p>Mentions (unary and stream): ").Append(F(mentions.Acknowledged, "N0")).Append(" acknowledged, ")
                .Append(F(mentions.Opened, "N0")).Append(" opened a conversation, ").Append(F(mentions.Duplicates, "N0")).Append(" duplicates.</p>");
        }

        AppendSettings(html, run);
        AppendThresholds(html, run);
        AppendSteps(html, run);
        html.Append("<h2>Latency over time</h2>")
            .Append(LatencyChart(timeline, "p50", l => l.P50Ms))
            .Append(LatencyChart(timeline, "p99", l => l.P99Ms));
        html.Append("<h2>Throughput over time</h2>").Append(ThroughputChart(timeline));
        AppendSla(html, run);
        AppendStatuses(html, run);
        html.Append("</body></html>");
        return html.ToString();
    }

    private static void AppendSettings(StringBuilder html, RunSummary run)
    {
        html.Append("<h2>Settings</h2><table><tr><th>setting</th><th>value</th></tr>");
        foreach (var (name, value) in run.Settings)
        {
            html.Append("<tr><td>").Append(E(name)).Append("</td><td>").Append(E(value)).Append("</td></tr>");
        }

        html.Append("</table>");
    }

    private static void AppendThresholds(StringBuilder html, RunSummary run)
    {
        if (run.Thresholds.Count == 0)
        {
            return;
        }

        html.Append("<h2>Thresholds</h2><table><tr><th>threshold</th><th>scope</th><th>actual</th><th>result</th></tr>");
        foreach (var result in run.Thresholds)
        {
            var css = result.Met ? "met" : "missed";
            html.Append("<tr><td>").Append(E(result.Threshold)).Append("</td><td>").Append(E(result.Scope)).Append("</td><td>")
                .Append(E(result.Shown)).Append("</td><td class=\"").Append(css).Append("\">").Append(E(result.Detail)).Append("</td></tr>");
        }

        html.Append("</table>");
    }

    private static void AppendSteps(StringBuilder html, RunSummary run)
    {
        html.Append("<h2>Steps</h2><table><tr><th>step</th><th>requests</th><th>ok</th><th>expected refusals</th><th>errors</th><th>ok/s</th>")
            .Append("<th>error rate</th><th>mean ms</th><th>p50 ms</th><th>p90 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>max ms</th></tr>");
        foreach (var step in run.Steps)
        {
            var l = step.Latency;
            html.Append("<tr><td>").Append(E(step.Name)).Append("</td>");
            foreach (var cell in new[]
            {
                F(step.Requests, "0"), F(step.Ok, "0"), F(step.Expected, "0"), F(step.Errors, "0"), F(step.OkPerSecond, "0.0"),
                F(step.ErrorRate * 100, "0.###") + "%", F(l.MeanMs, "0.00"), F(l.P50Ms, "0.00"), F(l.P90Ms, "0.00"), F(l.P99Ms, "0.00"), F(l.P999Ms, "0.00"), F(l.MaxMs, "0.00"),
            })
            {
                html.Append("<td>").Append(cell).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</table>");
        if (run.Abandoned > 0)
        {
            html.Append("<p class=\"missed\">").Append(F(run.Abandoned, "0")).Append(" requests were still unanswered when the drain timed out.</p>");
        }
    }

    private static void AppendSla(StringBuilder html, RunSummary run)
    {
        html.Append("<h2>First responses (read through the API after the run)</h2>");
        if (run.Sla is not { } sla)
        {
            html.Append("<p>Not observed in this run.</p>");
            return;
        }

        html.Append("<p>").Append(F(sla.Opened, "0")).Append(" conversations opened; ").Append(F(sla.Sampled, "0")).Append(" read back.</p>")
            .Append("<table><tr><th>outcome</th><th>conversations</th></tr>");
        foreach (var (label, count) in new[]
        {
            ("answered on time", sla.AnsweredOnTime), ("answered late (breached)", sla.AnsweredLate),
            ("unanswered, breached", sla.UnansweredBreached), ("unanswered, within target", sla.UnansweredWithinTarget), ("could not be read", sla.Unreadable),
        })
        {
            html.Append("<tr><td>").Append(label).Append("</td><td>").Append(F(count, "0")).Append("</td></tr>");
        }

        html.Append("</table>");
    }

    private static void AppendStatuses(StringBuilder html, RunSummary run)
    {
        html.Append("<h2>Statuses</h2><table><tr><th>step</th><th>status</th><th>count</th></tr>");
        foreach (var step in run.Steps)
        {
            foreach (var (status, count) in step.Statuses)
            {
                html.Append("<tr><td>").Append(E(step.Name)).Append("</td><td>").Append(E(status)).Append("</td><td>").Append(F(count, "0")).Append("</td></tr>");
            }
        }

        html.Append("</table>");
    }

    /// <summary>The chart as an embedded PNG with its alt text, so a screen reader (or a mail client that blocks images) says what it shows.</summary>
    private static string Img(ScottPlot.Plot plot, string alt) =>
        $"<img class=\"chart\" alt=\"{E(alt)}\" src=\"data:image/png;base64,{Convert.ToBase64String(plot.GetImageBytes(ChartWidth, ChartHeight, ScottPlot.ImageFormat.Png))}\">";

    private static string LatencyChart(IReadOnlyDictionary<string, IReadOnlyList<IntervalSample>> timeline, string percentile, Func<LatencySummary, double> pick)
    {
        var plot = new ScottPlot.Plot();
        foreach (var (step, samples) in timeline)
        {
            var answered = samples.Where(s => s.Ok > 0).ToList();
            if (answered.Count == 0)
            {
                continue;
            }

            plot.Add.ScatterLine(answered.Select(s => s.SinceStart.TotalSeconds).ToArray(), answered.Select(s => pick(s.Latency)).ToArray()).LegendText = step;
        }

        plot.Title($"{percentile} latency, each second");
        plot.XLabel("seconds since warm-up ended");
        plot.YLabel($"{percentile} (ms)");
        plot.ShowLegend();
        return Img(plot, $"{percentile} latency per second and step");
    }

    private static string ThroughputChart(IReadOnlyDictionary<string, IReadOnlyList<IntervalSample>> timeline)
    {
        var plot = new ScottPlot.Plot();
        var errors = new SortedDictionary<double, double>();
        foreach (var (step, samples) in timeline)
        {
            if (samples.Count == 0)
            {
                continue;
            }

            plot.Add.ScatterLine(samples.Select(s => s.SinceStart.TotalSeconds).ToArray(), samples.Select(s => (double)s.Ok).ToArray()).LegendText = $"{step} ok/s";
            foreach (var sample in samples)
            {
                var second = Math.Round(sample.SinceStart.TotalSeconds);
                errors[second] = errors.GetValueOrDefault(second) + sample.Errors;
            }
        }

        if (errors.Values.Any(e => e > 0))
        {
            plot.Add.ScatterLine(errors.Keys.ToArray(), errors.Values.ToArray()).LegendText = "errors/s (all steps)";
        }

        plot.XLabel("seconds since warm-up ended");
        plot.YLabel("requests per second");
        plot.ShowLegend();
        return Img(plot, "Answers and errors per second");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string F(double value, string format) =>
        double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);
}
