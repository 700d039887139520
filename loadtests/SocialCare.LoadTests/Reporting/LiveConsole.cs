using System.Globalization;
using Spectre.Console;
using SocialCare.LoadTests.Running;

namespace SocialCare.LoadTests.Reporting;

/// <summary>
/// The live view while a run plays: a Spectre.Console table redrawn every second on a terminal,
/// or a plain progress line every few seconds when output goes to a file or a CI log (where
/// redrawing would only fill the log with escape codes).
/// </summary>
internal static class LiveConsole
{
    private static readonly TimeSpan PlainLineEvery = TimeSpan.FromSeconds(5);

    public static async Task<T> ShowAsync<T>(Func<Action<RunProgress>, Task<T>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            var nextLine = TimeSpan.Zero;
            return await run(progress =>
            {
                if (progress.Elapsed >= nextLine)
                {
                    nextLine = progress.Elapsed + PlainLineEvery;
                    Console.WriteLine(PlainLine(progress));
                }
            }).ConfigureAwait(false);
        }

        T result = default!;
        await AnsiConsole.Live(new Text("starting...")).AutoClear(false).StartAsync(async live =>
        {
            result = await run(progress =>
            {
                live.UpdateTarget(Table(progress));
                live.Refresh();
            }).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return result;
    }

    private static Table Table(RunProgress progress)
    {
        var table = new Table().Title($"{Phase(progress)} {progress.Elapsed:hh\\:mm\\:ss} of {progress.Planned:hh\\:mm\\:ss}, {progress.InFlight} in flight");
        foreach (var column in new[] { "step", "ok/s", "errors/s", "p50 ms", "p99 ms", "max ms", "total ok", "total errors" })
        {
            table.AddColumn(new TableColumn(column) { Alignment = column == "step" ? Justify.Left : Justify.Right });
        }

        foreach (var (step, second) in progress.Steps)
        {
            table.AddRow(
                Markup.Escape(step.Name),
                N(second.Ok),
                second.Errors > 0 ? $"[red]{N(second.Errors)}[/]" : "0",
                Ms(second.Latency.P50Ms),
                Ms(second.Latency.P99Ms),
                Ms(second.Latency.MaxMs),
                N(step.Total.TotalCount),
                N(step.Errors));
        }

        return table;
    }

    private static string PlainLine(RunProgress progress) =>
        $"{Phase(progress)} {progress.Elapsed:hh\\:mm\\:ss}/{progress.Planned:hh\\:mm\\:ss} in-flight={progress.InFlight} " +
        string.Join(' ', progress.Steps.Select(s => $"{s.Step.Name}: {N(s.LastSecond.Ok)}/s p99={Ms(s.LastSecond.Latency.P99Ms)}ms errors={N(s.Step.Errors)}"));

    private static string Phase(RunProgress progress) => progress.WarmingUp ? "warming up" : "measuring";

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
