using System.CommandLine;
using System.Globalization;
using SocialCare.LoadTests.Metrics;
using SocialCare.LoadTests.Reporting;
using Spectre.Console;

namespace SocialCare.LoadTests.Commands;

/// <summary>
/// `compare`: two runs' summaries side by side, failing (exit code 2) when the candidate is worse
/// than the baseline beyond the tolerance, so a release can be gated on last week's run.
/// </summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var baseline = new Argument<string>("baseline") { Description = "The run to hold to: its summary.json or its output folder." };
        var candidate = new Argument<string>("candidate") { Description = "The run to judge: its summary.json or its output folder." };
        var tolerance = Fraction("--tolerance", "How much slower (throughput or latency) the candidate may be, e.g. 10% or 0.1.", ComparisonTolerance.Default.Share);
        var errorPoints = Fraction("--error-rate-tolerance", "How much the error rate may rise, in percentage points of requests, e.g. 0.5%.", ComparisonTolerance.Default.ErrorRatePoints);
        var floor = Options.Duration("--latency-floor", "Latency increases smaller than this never count as a regression", TimeSpan.FromMilliseconds(ComparisonTolerance.Default.LatencyFloorMs));
        var tailAnswers = Options.Count("--min-tail-answers", "Answers a percentile needs beyond it in both runs to be judged (the p99 of 1,500 answers rests on 15).", ComparisonTolerance.Default.MinTailAnswers);
        var percentiles = new Option<string[]>("--percentile")
        {
            Description = $"A latency percentile to compare (repeatable; default {string.Join(", ", SummaryComparison.DefaultPercentiles)}).",
            HelpName = string.Join('|', LatencySummary.Names),
        };
        percentiles.Validators.Add(result =>
        {
            foreach (var name in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (LatencySummary.Empty.ByName(name) is null)
                {
                    result.AddError($"--percentile: \"{name}\" is not one of {string.Join(", ", LatencySummary.Names)}.");
                }
            }
        });

        var command = new Command("compare", "Compare two runs' summary.json (throughput, error rate, latency per step); exit code 2 on a regression beyond the tolerance.")
        {
            baseline, candidate, tolerance, errorPoints, floor, tailAnswers, percentiles,
        };
        command.SetAction(r =>
        {
            SummaryComparison comparison;
            try
            {
                var given = r.GetValue(percentiles);
                comparison = SummaryComparison.Of(
                    SummaryFigures.Read(r.GetValue(baseline)!),
                    SummaryFigures.Read(r.GetValue(candidate)!),
                    new ComparisonTolerance(r.GetValue(tolerance), r.GetValue(floor).TotalMilliseconds, r.GetValue(errorPoints), r.GetValue(tailAnswers)),
                    given is { Length: > 0 } ? given : SummaryComparison.DefaultPercentiles);
            }
            catch (FormatException unreadable)
            {
                r.InvocationConfiguration.Error.WriteLine(unreadable.Message);
                return ExitCodes.CouldNotRun;
            }

            Print(comparison, r.GetValue(tolerance), r.InvocationConfiguration.Output);
            // 2, as a missed threshold: the candidate fell short of a limit the baseline set.
            return comparison.Regressed ? ExitCodes.ThresholdMissed : ExitCodes.Passed;
        });
        return command;
    }

    private static void Print(SummaryComparison comparison, double tolerance, TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        if (Console.IsOutputRedirected || !ReferenceEquals(output, Console.Out))
        {
            // A CI log has no width; Spectre would otherwise wrap the table at 80 columns.
            console.Profile.Width = 160;
        }

        console.WriteLine($"baseline  {comparison.Baseline.RunId} ({comparison.Baseline.Source})");
        console.WriteLine($"candidate {comparison.Candidate.RunId} ({comparison.Candidate.Source})");
        var table = new Table();
        foreach (var column in new[] { "step", "figure", "baseline", "candidate", "change", "verdict" })
        {
            table.AddColumn(new TableColumn(column) { Alignment = column is "step" or "figure" or "verdict" ? Justify.Left : Justify.Right });
        }

        foreach (var change in comparison.Changes)
        {
            table.AddRow(
                Markup.Escape(change.Step),
                Markup.Escape(change.Figure),
                Figure(change.Figure, change.Baseline),
                Figure(change.Figure, change.Candidate),
                change.Change is { } c ? (c >= 0 ? "+" : string.Empty) + (c * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-",
                change.Regressed ? $"[red]{Markup.Escape(change.Verdict)}[/]" : Markup.Escape(change.Verdict));
        }

        console.Write(table);
        foreach (var note in comparison.Notes)
        {
            console.WriteLine("note: " + note);
        }

        var regressions = comparison.Changes.Count(c => c.Regressed);
        console.MarkupLine(regressions == 0
            ? $"[green]no regression[/] beyond {(tolerance * 100).ToString("0.#", CultureInfo.InvariantCulture)}%"
            : $"[red]{regressions} regression{(regressions == 1 ? string.Empty : "s")}[/] beyond {(tolerance * 100).ToString("0.#", CultureInfo.InvariantCulture)}%");
    }

    private static string Figure(string figure, double? value) => value switch
    {
        null => "-",
        { } v when figure == "error rate" => (v * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%",
        { } v => v.ToString("0.##", CultureInfo.InvariantCulture),
    };

    /// <summary>A share written as a percentage ("10%") or a fraction ("0.1").</summary>
    private static Option<double> Fraction(string name, string description, double defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : string.Empty;
            var percent = text.EndsWith('%');
            if (double.TryParse(percent ? text[..^1] : text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && double.IsFinite(value))
            {
                return percent ? value / 100 : value;
            }

            result.AddError($"{name}: \"{text}\" is not a share; use e.g. 10% or 0.1.");
            return default;
        },
    };
}
