using System.Globalization;
using System.Net;
using System.Text;
using ScottPlot;
using SocialCare.LoadTests.Metrics;
using SocialCare.LoadTests.Running;

namespace SocialCare.LoadTests.Reporting;

/// <summary>
/// The run's report as one self-contained HTML file: charts are rendered here by ScottPlot and
/// embedded as base64 PNG, tables are plain HTML, nothing is fetched when it is opened, so it
/// reads the same offline, attached to a ticket, or archived with a CI run. Every chart keeps
/// its legend beside the plot, never over the lines it names.
/// </summary>
internal static class HtmlReport
{
    private const int ChartWidth = 1000;
    private const int ChartHeight = 360;

    /// <summary>The flow that plays mentions and the steps that acknowledge them (see <see cref="Scenarios.ScenarioFlows"/>).</summary>
    private static readonly (string Flow, string Label, string[] Steps)[] OfferedAndAchieved =
    [
        (Care.StepNames.MentionsFlow, "mentions", [.. Care.StepNames.Ingest]),
        (Care.StepNames.AgentsFlow, "agent actions", [Care.StepNames.Handle]),
    ];

    public static string Render(RunSummary run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var axis = TimeAxis.For(run);
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
            .Append(F(run.WarmUpSeconds, "0")).Append(" s warm-up at the mean rate, ").Append(F(run.MeasuredSeconds, "0.0")).Append(" s measured, against ")
            .Append(E(string.Join(", ", run.Endpoints))).Append(". Verdict: <span class=\"").Append(run.Passed ? "met\">passed" : "missed\">failed")
            .Append("</span> (exit code ").Append(run.ExitCode.ToString(CultureInfo.InvariantCulture)).Append(").</p>");
        if (run.Interrupted)
        {
            html.Append("<p class=\"missed\">Interrupted: the run was stopped before its end. This report covers what ran until then.</p>");
        }

        if (run.Mentions is { } mentions)
        {
            html.Append("<p>Mentions (unary and stream): ").Append(F(mentions.Acknowledged, "N0")).Append(" acknowledged, ")
                .Append(F(mentions.Opened, "N0")).Append(" opened a conversation, ").Append(F(mentions.Duplicates, "N0")).Append(" duplicates.</p>");
        }

        AppendThresholds(html, run);
        AppendSteps(html, run);
        html.Append("<h2>Offered and achieved</h2>")
            .Append("<p>Offered: arrivals the schedule started each second, answered or not. Achieved: requests answered OK that second. A gap means the deployment fell behind.</p>")
            .Append(OfferedChart(run, axis))
            .Append(InFlightChart(run, axis));
        html.Append("<h2>Errors over time</h2>").Append(ErrorsChart(run, axis));
        html.Append("<h2>Latency over time, per step</h2>");
        foreach (var (step, samples) in run.Timeline)
        {
            html.Append(StepLatencyChart(step, samples, axis));
        }

        html.Append("<h2>Latency distribution</h2>").Append(DistributionChart(run));
        html.Append("<h2>Throughput per step</h2>").Append(ThroughputChart(run, axis));
        AppendSla(html, run);
        AppendStatuses(html, run);
        AppendSettings(html, run);
        html.Append("</body></html>");
        return html.ToString();
    }

    private static void AppendSettings(StringBuilder html, RunSummary run)
    {
        html.Append("<h2>Settings</h2><table><tr><th>setting</th><th>value</th></tr>");
        foreach (var (name, value) in run.Settings)
        {
            var text = value is IFormattable number ? number.ToString(null, CultureInfo.InvariantCulture) : value.ToString() ?? string.Empty;
            html.Append("<tr><td>").Append(E(name)).Append("</td><td>").Append(E(text)).Append("</td></tr>");
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
        html.Append("<h2>Steps</h2><p>Latency columns count OK answers; failed requests' latency is in the last two columns, apart.</p>")
            .Append("<table><tr><th>step</th><th>requests</th><th>ok</th><th>expected refusals</th><th>errors</th><th>ok/s</th>")
            .Append("<th>error rate</th><th>mean ms</th><th>p50 ms</th><th>p75 ms</th><th>p90 ms</th><th>p95 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>max ms</th>")
            .Append("<th>failed p50 ms</th><th>failed p99 ms</th></tr>");
        foreach (var step in run.Steps)
        {
            var l = step.Latency;
            var failed = step.FailedLatency;
            html.Append("<tr><td>").Append(E(step.Name)).Append("</td>");
            foreach (var cell in new[]
            {
                F(step.Requests, "0"), F(step.Ok, "0"), F(step.Expected, "0"), F(step.Errors, "0"), F(step.OkPerSecond, "0.0"),
                F(step.ErrorRate * 100, "0.###") + "%", F(l.MeanMs, "0.00"), F(l.P50Ms, "0.00"), F(l.P75Ms, "0.00"), F(l.P90Ms, "0.00"),
                F(l.P95Ms, "0.00"), F(l.P99Ms, "0.00"), F(l.P999Ms, "0.00"), F(l.MaxMs, "0.00"),
                failed.Count == 0 ? "-" : F(failed.P50Ms, "0.00"), failed.Count == 0 ? "-" : F(failed.P99Ms, "0.00"),
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

        html.Append("<p>The run's tenant answers first within ").Append(Duration(run.FirstResponseSeconds)).Append(" of run time");
        if (run.Compression is { } compression)
        {
            // The week plays compressed, so the target a conversation met or missed stands for a
            // longer stretch of the week it replays: that is the figure to hold a brand's SLA to.
            html.Append(", which at ").Append(F(compression, "0.#")).Append("x compression stands for ")
                .Append(Duration(run.FirstResponseSeconds * compression)).Append(" of the week's time");
        }

        html.Append(". ").Append(F(sla.Opened, "0")).Append(" conversations opened; ").Append(F(sla.Sampled, "0")).Append(" read back.</p>")
            .Append("<table><tr><th>outcome</th><th>conversations</th><th>share</th></tr>");
        foreach (var (label, count) in new[]
        {
            ("answered on time", sla.AnsweredOnTime), ("answered late (breached)", sla.AnsweredLate),
            ("unanswered, breached", sla.UnansweredBreached), ("unanswered, within target", sla.UnansweredWithinTarget), ("could not be read", sla.Unreadable),
        })
        {
            html.Append("<tr><td>").Append(label).Append("</td><td>").Append(F(count, "0")).Append("</td><td>")
                .Append(sla.Sampled == 0 ? "-" : F(count * 100.0 / sla.Sampled, "0.#") + "%").Append("</td></tr>");
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
    private static string Img(Plot plot, string alt)
    {
        // Beside the data area, not inside it: a legend in a corner hides the spike it labels.
        plot.ShowLegend(Edge.Right);
        return $"<img class=\"chart\" alt=\"{E(alt)}\" src=\"data:image/png;base64,{Convert.ToBase64String(plot.GetImageBytes(ChartWidth, ChartHeight, ImageFormat.Png))}\">";
    }

    private static string OfferedChart(RunSummary run, TimeAxis axis)
    {
        var plot = axis.NewPlot("Offered and achieved per second", "per second");
        foreach (var (flow, label, steps) in OfferedAndAchieved)
        {
            if (!run.Load.Any(s => s.Offered.GetValueOrDefault(flow) > 0))
            {
                continue;
            }

            var offered = plot.Add.ScatterLine(run.Load.Select(s => axis.X(s.SinceStartSeconds)).ToArray(), run.Load.Select(s => (double)s.Offered.GetValueOrDefault(flow)).ToArray());
            offered.LegendText = $"{label} offered";
            // Dashed and wider, so it shows where the answered line covers it (a healthy run).
            offered.LinePattern = LinePattern.Dashed;
            offered.LineWidth = 3;
            var achieved = new SortedDictionary<double, double>();
            foreach (var step in steps)
            {
                foreach (var sample in run.Timeline.GetValueOrDefault(step) ?? [])
                {
                    var x = axis.X(sample.SinceStartSeconds);
                    achieved[x] = achieved.GetValueOrDefault(x) + sample.Ok;
                }
            }

            if (achieved.Count > 0)
            {
                plot.Add.ScatterLine(achieved.Keys.ToArray(), achieved.Values.ToArray()).LegendText = $"{label} answered OK";
            }
        }

        return Img(plot, "Arrivals offered and requests answered OK per second" + axis.AltSuffix);
    }

    private static string InFlightChart(RunSummary run, TimeAxis axis)
    {
        var plot = axis.NewPlot("Requests in flight", "open requests");
        plot.Add.ScatterLine(run.Load.Select(s => axis.X(s.SinceStartSeconds)).ToArray(), run.Load.Select(s => (double)s.InFlight).ToArray()).LegendText = "in flight";
        return Img(plot, "Requests in flight at the end of each second" + axis.AltSuffix);
    }

    private static string ErrorsChart(RunSummary run, TimeAxis axis)
    {
        var byStatus = new SortedDictionary<string, SortedDictionary<double, double>>(StringComparer.Ordinal);
        foreach (var samples in run.Timeline.Values)
        {
            foreach (var sample in samples)
            {
                foreach (var (status, count) in sample.ErrorStatuses)
                {
                    if (!byStatus.TryGetValue(status, out var seconds))
                    {
                        byStatus[status] = seconds = [];
                    }

                    var x = axis.X(sample.SinceStartSeconds);
                    seconds[x] = seconds.GetValueOrDefault(x) + count;
                }
            }
        }

        if (byStatus.Count == 0)
        {
            return "<p>No request failed.</p>";
        }

        var plot = axis.NewPlot("Errors per second, by status (all steps)", "errors per second");
        var xs = run.Timeline.Values.SelectMany(s => s).Select(s => axis.X(s.SinceStartSeconds)).Distinct().Order().ToArray();
        foreach (var (status, seconds) in byStatus)
        {
            // Every second on the axis, zero where the status did not occur, so a line does not
            // bridge two bursts of errors as if they were one.
            plot.Add.ScatterLine(xs, xs.Select(x => seconds.GetValueOrDefault(x)).ToArray()).LegendText = status;
        }

        return Img(plot, "Errors per second by status" + axis.AltSuffix);
    }

    private static string StepLatencyChart(string step, IReadOnlyList<IntervalSample> samples, TimeAxis axis)
    {
        var answered = samples.Where(s => s.Ok > 0).ToList();
        if (answered.Count == 0)
        {
            return $"<p>{E(step)}: no OK answer to chart.</p>";
        }

        var plot = axis.NewPlot($"{step}: latency of OK answers, each second", "ms");
        var xs = answered.Select(s => axis.X(s.SinceStartSeconds)).ToArray();
        foreach (var (name, pick) in new (string, Func<LatencySummary, double>)[] { ("p50", l => l.P50Ms), ("p95", l => l.P95Ms), ("p99", l => l.P99Ms) })
        {
            plot.Add.ScatterLine(xs, answered.Select(s => pick(s.Latency)).ToArray()).LegendText = name;
        }

        return Img(plot, $"{step} p50, p95 and p99 latency per second" + axis.AltSuffix);
    }

    /// <summary>
    /// Percentile curves on a "nines" axis (50%, 90%, 99%, 99.9%, 99.99% evenly spaced), where the
    /// tail that matters takes as much room as the median.
    /// </summary>
    private static string DistributionChart(RunSummary run)
    {
        static double Nines(double percentile) => -Math.Log10(1 - (percentile / 100));
        var plot = new Plot();
        plot.Title("Latency distribution of OK answers, per step");
        plot.XLabel("percentile");
        plot.YLabel("ms");
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var percentile in new[] { 0.0, 50, 90, 99, 99.9, 99.99 })
        {
            ticks.AddMajor(Nines(percentile), F(percentile, "0.##") + "%");
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        foreach (var step in run.Steps.Where(s => s.Distribution.Count > 0))
        {
            var points = step.Distribution.Where(p => p.Percentile < 100).ToList();
            plot.Add.ScatterLine(points.Select(p => Nines(p.Percentile)).ToArray(), points.Select(p => p.Ms).ToArray()).LegendText = step.Name;
        }

        return Img(plot, "Latency percentile curve per step, from the median to 99.99%");
    }

    private static string ThroughputChart(RunSummary run, TimeAxis axis)
    {
        var plot = axis.NewPlot("Answered OK per second, per step", "per second");
        foreach (var (step, samples) in run.Timeline)
        {
            if (samples.Count > 0)
            {
                plot.Add.ScatterLine(samples.Select(s => axis.X(s.SinceStartSeconds)).ToArray(), samples.Select(s => (double)s.Ok).ToArray()).LegendText = step;
            }
        }

        return Img(plot, "Requests answered OK per second and step" + axis.AltSuffix);
    }

    private static string Duration(double seconds) => seconds switch
    {
        >= 3600 => F(seconds / 3600, "0.#") + " h",
        >= 60 => F(seconds / 60, "0.#") + " min",
        _ => F(seconds, "0.#") + " s",
    };

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string F(double value, string format) =>
        double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>
    /// The x axis of the time charts: a week-replay's charts read in the week's own time (days and
    /// hours, where the brand's Thursday spike is on Thursday); other runs in seconds.
    /// </summary>
    private sealed record TimeAxis(double? Compression)
    {
        public static TimeAxis For(RunSummary run) => new(run.Compression);

        public string AltSuffix => Compression is null ? ", over the run's seconds" : ", over the replayed week's days and hours";

        /// <summary>Hours into the week for a week-replay, seconds since the warm-up otherwise.</summary>
        public double X(double sinceStartSeconds) => Compression is { } c ? sinceStartSeconds * c / 3600 : sinceStartSeconds;

        public Plot NewPlot(string title, string yLabel)
        {
            var plot = new Plot();
            plot.Title(title);
            plot.YLabel(yLabel);
            if (Compression is null)
            {
                plot.XLabel("seconds since warm-up ended");
                return plot;
            }

            plot.XLabel("the replayed week (days from Monday 00:00 in the week's time zone)");
            var ticks = new ScottPlot.TickGenerators.NumericManual();
            for (var day = 0; day < 7; day++)
            {
                ticks.AddMajor(day * 24, Scheduling.WeekProfile.DayNames[day]);
                foreach (var hour in new[] { 6, 12, 18 })
                {
                    ticks.AddMinor((day * 24) + hour);
                }
            }

            ticks.AddMajor(168, string.Empty);
            plot.Axes.Bottom.TickGenerator = ticks;
            return plot;
        }
    }
}
