using System.Globalization;
using System.Net;
using System.Text;
using ScottPlot;

namespace SocialCare.LoadTests.Soak;

/// <summary>One phase of a soak, summed up: what the issue's before/after table shows.</summary>
internal sealed record SoakPhaseSummary(
    string Phase,
    double Minutes,
    double MeanPerSecond,
    double WorstP99Milliseconds,
    long Errors,
    long Refused,
    double SettledWorkingSetMegabytes,
    double EndWorkingSetMegabytes,
    double PeakWorkingSetMegabytes,
    double EndGcHeapMegabytes,
    long EndActivations)
{
    /// <summary>Resident memory's growth from the settled point (after the first minutes) to the phase's end.</summary>
    public double Growth => SettledWorkingSetMegabytes <= 0 ? 0 : (EndWorkingSetMegabytes / SettledWorkingSetMegabytes) - 1;
}

/// <summary>The soak's table, its samples as CSV, and its charts as one HTML page.</summary>
internal static class SoakReport
{
    /// <summary>How far into a phase memory counts as settled: the first minutes fill caches, pools and the JIT's code.</summary>
    public static readonly TimeSpan SettleAfter = TimeSpan.FromMinutes(3);

    public static IReadOnlyList<SoakPhaseSummary> Summarize(IReadOnlyList<SoakSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var summaries = new List<SoakPhaseSummary>();
        // A sample closes an interval: a phase starts where the one before it ended (the soak at 0).
        var start = 0.0;
        foreach (var phase in samples.GroupBy(s => s.Phase))
        {
            var all = phase.ToList();
            var length = all[^1].SinceStartSeconds - start;
            // Samples whose scrape failed carry the traffic but not the silo's memory.
            var list = all.Where(s => s.WorkingSetMegabytes > 0).DefaultIfEmpty(all[^1]).ToList();
            // A short phase settles half way through instead.
            var settleAt = start + Math.Min(SettleAfter.TotalSeconds, length / 2);
            var settled = list.FirstOrDefault(s => s.SinceStartSeconds >= settleAt) ?? list[^1];
            summaries.Add(new SoakPhaseSummary(
                phase.Key,
                length / 60,
                all.Average(s => s.AnsweredPerSecond),
                all.Max(s => s.P99Milliseconds),
                all.Sum(s => s.Errors),
                all.Sum(s => s.Refused),
                settled.WorkingSetMegabytes,
                list[^1].WorkingSetMegabytes,
                list.Max(s => s.WorkingSetMegabytes),
                list[^1].GcHeapMegabytes,
                list[^1].Activations));
            start = all[^1].SinceStartSeconds;
        }

        return summaries;
    }

    /// <summary>The table's columns, shared by the Markdown table and the HTML report.</summary>
    private static readonly (string Header, Func<SoakPhaseSummary, string> Cell)[] Columns =
    [
        ("phase", p => p.Phase),
        ("minutes", p => FormattableString.Invariant($"{p.Minutes:0.0}")),
        ("mentions/s", p => FormattableString.Invariant($"{p.MeanPerSecond:#,0}")),
        ("worst 10 s p99", p => FormattableString.Invariant($"{p.WorstP99Milliseconds:0.0} ms")),
        ("errors", p => FormattableString.Invariant($"{p.Errors}")),
        ("refused, sent again", p => FormattableString.Invariant($"{p.Refused:#,0}")),
        ("resident after 3 min", p => FormattableString.Invariant($"{p.SettledWorkingSetMegabytes:#,0} MB")),
        ("resident at end", p => FormattableString.Invariant($"{p.EndWorkingSetMegabytes:#,0} MB")),
        ("growth", p => FormattableString.Invariant($"{p.Growth:+0%;-0%;0%}")),
        ("peak resident", p => FormattableString.Invariant($"{p.PeakWorkingSetMegabytes:#,0} MB")),
        ("GC heap at end", p => FormattableString.Invariant($"{p.EndGcHeapMegabytes:#,0} MB")),
        ("activations at end", p => FormattableString.Invariant($"{p.EndActivations:#,0}")),
    ];

    public static string Table(IReadOnlyList<SoakPhaseSummary> phases)
    {
        ArgumentNullException.ThrowIfNull(phases);
        var table = new StringBuilder();
        table.AppendLine($"| {string.Join(" | ", Columns.Select(c => c.Header))} |");
        table.AppendLine($"|---|{string.Concat(Enumerable.Repeat("---:|", Columns.Length - 1))}");
        foreach (var p in phases)
        {
            table.AppendLine($"| {string.Join(" | ", Columns.Select(c => c.Cell(p)))} |");
        }

        return table.ToString();
    }

    public static string Csv(IReadOnlyList<SoakSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var types = samples.SelectMany(s => s.ActivationsByType.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var csv = new StringBuilder("seconds,phase,working_set_mb,gc_heap_mb,gc_committed_mb,activations," + string.Concat(types.Select(t => $"activations_{t},")) + "answered_per_second,p99_ms,errors,refused\n");
        foreach (var s in samples)
        {
            csv.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{s.SinceStartSeconds:0.0},{s.Phase},{s.WorkingSetMegabytes:0.0},{s.GcHeapMegabytes:0.0},{s.GcCommittedMegabytes:0.0},{s.Activations},{string.Concat(types.Select(t => $"{s.ActivationsByType.GetValueOrDefault(t)},"))}{s.AnsweredPerSecond:0.0},{s.P99Milliseconds:0.00},{s.Errors},{s.Refused}"));
        }

        return csv.ToString();
    }

    public static string Html(IReadOnlyList<SoakSample> samples, IReadOnlyList<SoakPhaseSummary> phases, string settings)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>SocialCare soak</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:1100px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:right}td:first-child,th:first-child{text-align:left}.chart{max-width:100%}</style></head><body>")
            .Append("<h1>SocialCare soak</h1><p>").Append(WebUtility.HtmlEncode(settings)).Append("</p><table><tr>")
            .Append(string.Concat(Columns.Select(c => $"<th>{WebUtility.HtmlEncode(c.Header)}</th>"))).Append("</tr>");
        foreach (var p in phases)
        {
            html.Append("<tr>").Append(string.Concat(Columns.Select(c => $"<td>{WebUtility.HtmlEncode(c.Cell(p))}</td>"))).Append("</tr>");
        }

        html.Append("</table>");
        var x = samples.Select(s => s.SinceStartSeconds / 60).ToArray();
        html.Append(Chart("Memory", "MB", "Resident memory, GC heap after the last collection and GC committed memory, per sample, by minutes since the soak started", x,
            ("resident (working set)", samples.Select(s => s.WorkingSetMegabytes)), ("GC heap", samples.Select(s => s.GcHeapMegabytes)), ("GC committed", samples.Select(s => s.GcCommittedMegabytes))));
        var types = samples.SelectMany(s => s.ActivationsByType.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        html.Append(Chart("Activations", "activations", "Activations on the silo, all and per care grain type, by minutes since the soak started", x,
            [("all", samples.Select(s => (double)s.Activations)), .. types.Select(t => (t, samples.Select(s => (double)s.ActivationsByType.GetValueOrDefault(t))))]));
        html.Append(Chart("Throughput", "mentions answered per second", "Mentions answered per second in each sample, by minutes since the soak started", x,
            ("answered", samples.Select(s => s.AnsweredPerSecond))));
        html.Append(Chart("Latency", "p99 ms", "The 99th percentile of each sample's answers in milliseconds, by minutes since the soak started", x,
            ("p99", samples.Select(s => s.P99Milliseconds))));
        return html.Append("</body></html>").ToString();
    }

    private static string Chart(string title, string unit, string alt, double[] x, params (string Label, IEnumerable<double> Values)[] lines)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel("minutes since start");
        plot.YLabel(unit);
        foreach (var (label, values) in lines)
        {
            plot.Add.ScatterLine(x, values.ToArray()).LegendText = label;
        }

        plot.ShowLegend(Edge.Right);
        return $"<h2>{WebUtility.HtmlEncode(title)}</h2><img class=\"chart\" alt=\"{WebUtility.HtmlEncode(alt)}\" src=\"data:image/png;base64,{Convert.ToBase64String(plot.GetImageBytes(1000, 380, ImageFormat.Png))}\">";
    }
}
