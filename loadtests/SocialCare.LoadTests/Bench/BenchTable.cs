using System.Globalization;
using System.Text;

namespace SocialCare.LoadTests.Bench;

/// <summary>One row's verdict against its goal.</summary>
internal sealed record BenchVerdict(BenchRow Row, double? Ratio, IReadOnlyList<string> Missed);

/// <summary>The benchmark table: every row beside its ceiling, with each target met or missed.</summary>
internal static class BenchTable
{
    public static IReadOnlyList<BenchVerdict> Judge(IReadOnlyList<BenchRow> rows, IReadOnlyList<BenchCeiling> ceilings)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(ceilings);
        var ceilingRates = ceilings.ToDictionary(c => c.Label, c => c.PerSecond, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            ceilingRates.TryAdd(row.Label, row.MaxPerSecond);
        }

        return [.. rows.Select(row =>
        {
            var goal = row.Goal;
            var missed = new List<string>();
            double? ratio = null;
            if (goal.Ceiling is { } ceiling)
            {
                if (ceilingRates.TryGetValue(ceiling, out var ceilingRate) && ceilingRate > 0)
                {
                    ratio = row.MaxPerSecond / ceilingRate;
                    if (goal.MinRatio is { } minRatio && ratio < minRatio)
                    {
                        missed.Add($"{Percent(ratio.Value)} of {ceiling} < {Percent(minRatio)}");
                    }
                }
                else
                {
                    missed.Add($"ceiling \"{ceiling}\" was not measured");
                }
            }

            if (goal.MinPerSecond is { } minRate && row.MaxPerSecond < minRate)
            {
                missed.Add($"{N(row.MaxPerSecond)}/s < {N(minRate)}/s");
            }

            if (goal.MaxP99AtHalfRateMs is { } maxP99 && (row.AtHalfRate.Count == 0 || row.AtHalfRate.P99Ms >= maxP99))
            {
                missed.Add($"p99 at half rate {Ms(row.AtHalfRate.P99Ms)} ms >= {Ms(maxP99)} ms");
            }

            // A ceiling row (no goal) only reports: at half of a no-op's maximum the open-model
            // client itself runs out of CPU on a shared machine, which says nothing of SocialCare.
            var judged = goal.Ceiling is not null || goal.MinPerSecond is not null || goal.MaxP99AtHalfRateMs is not null;
            if (judged && row.Errors + row.HalfRateErrors > 0)
            {
                missed.Add($"{row.Errors + row.HalfRateErrors} errors");
            }

            return new BenchVerdict(row, ratio, missed);
        })];
    }

    /// <summary>A Markdown table (ready to paste into an issue) followed by each missed target.</summary>
    public static string Render(IReadOnlyList<BenchRow> rows, IReadOnlyList<BenchCeiling> ceilings)
    {
        var verdicts = Judge(rows, ceilings);
        var text = new StringBuilder();
        text.AppendLine("| row | callers | max/s | p50 ms | p99 ms | p99.9 ms | ratio to ceiling | half rate/s | p50 ms | p99 ms | p99.9 ms | errors | targets |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var ceiling in ceilings)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {ceiling.Label} | | {N(ceiling.PerSecond)} | | | | ceiling ({ceiling.How}) | | | | | | |");
        }

        foreach (var verdict in verdicts)
        {
            var row = verdict.Row;
            var ratio = verdict.Ratio is { } r ? $"{Percent(r)} of {row.Goal.Ceiling}" : "ceiling";
            var targets = verdict.Missed.Count == 0 ? "met" : "MISSED: " + string.Join("; ", verdict.Missed);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Label} | {row.Concurrency} | {N(row.MaxPerSecond)} | {Ms(row.AtMax.P50Ms)} | {Ms(row.AtMax.P99Ms)} | {Ms(row.AtMax.P999Ms)} | {ratio} | {N(row.HalfRatePerSecond)} | {Ms(row.AtHalfRate.P50Ms)} | {Ms(row.AtHalfRate.P99Ms)} | {Ms(row.AtHalfRate.P999Ms)} | {Errors(row)} | {targets} |");
        }

        var costed = rows.Where(row => row.Cost is not null).ToList();
        if (costed.Count > 0)
        {
            // Measured over the closed loop's measured seconds: the host's runtime counters and the
            // load tool's own CPU, each divided by the calls answered then.
            text.AppendLine();
            text.AppendLine("| row (at max/s) | host heap allocated per call | host CPU per call | client CPU per call | client / host CPU |");
            text.AppendLine("| --- | ---: | ---: | ---: | ---: |");
            foreach (var row in costed)
            {
                var cost = row.Cost!;
                var split = cost.HostCpuMicrosecondsPerCall > 0 ? Percent(cost.ClientCpuMicrosecondsPerCall / cost.HostCpuMicrosecondsPerCall) : "-";
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {row.Label} | {Bytes(cost.HostBytesPerCall)} | {Us(cost.HostCpuMicrosecondsPerCall)} | {Us(cost.ClientCpuMicrosecondsPerCall)} | {split} |");
            }
        }

        return text.ToString();
    }

    public static bool AllMet(IReadOnlyList<BenchRow> rows, IReadOnlyList<BenchCeiling> ceilings) => Judge(rows, ceilings).All(v => v.Missed.Count == 0);

    /// <summary>The errors cell: how many, and by status, so a reader tells a client that could not keep up from a server that refused.</summary>
    private static string Errors(BenchRow row)
    {
        var total = N(row.Errors + row.HalfRateErrors);
        return row.ErrorStatuses is { Count: > 0 } statuses
            ? $"{total} ({string.Join(", ", statuses.OrderByDescending(s => s.Value).Select(s => $"{s.Key} {N(s.Value)}"))})"
            : total;
    }

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Ms(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Bytes(double value) => value >= 10 * 1024
        ? (value / 1024).ToString("N1", CultureInfo.InvariantCulture) + " KB"
        : value.ToString("N0", CultureInfo.InvariantCulture) + " B";

    private static string Us(double value) => value.ToString("N0", CultureInfo.InvariantCulture) + " µs";

    private static string Percent(double value) => value.ToString("0%", CultureInfo.InvariantCulture);
}
