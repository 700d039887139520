using System.CommandLine;
using System.Globalization;
using Grpc.Core;
using SocialCare.LoadTests.Care;
using SocialCare.LoadTests.Reporting;
using SocialCare.LoadTests.Scenarios;
using Spectre.Console;

namespace SocialCare.LoadTests.Commands;

/// <summary>`run`: play one scenario against a deployment and report it.</summary>
internal static class RunCommand
{

    public static Command Create()
    {
        var scenario = Options.Choice(
            "--scenario",
            "week-replay, agent-desk or burst.",
            new Dictionary<string, ScenarioKind>(StringComparer.Ordinal)
            {
                ["week-replay"] = ScenarioKind.WeekReplay,
                ["agent-desk"] = ScenarioKind.AgentDesk,
                ["burst"] = ScenarioKind.Burst,
            });
        var endpoints = Options.Endpoints();
        var token = Options.Token();
        var duration = Options.Duration("--duration", "Length of an agent-desk or burst run", TimeSpan.FromMinutes(2));
        var burstFactor = Options.Positive("--burst-factor", "burst: the step's multiple of the base rate.", 5);
        var burstAt = Options.Duration("--burst-at", "burst: when the step starts", TimeSpan.FromSeconds(30));
        var burstLength = Options.Duration("--burst-length", "burst: how long the step lasts", TimeSpan.FromMinutes(1));
        var deskRate = new Option<double?>("--desk-rate") { Description = "Agent actions per second (list queue, claim, reply, resolve). Default: half the mention rate in agent-desk, none otherwise." };
        // Each agent gets an API key of its own, and a tenant holds at most 1,000 keys.
        var agents = Options.Count("--agents", "How many agents share the desk work, each with its own API key (at most 500).", 20, maximum: 500);
        var ingest = new Option<IngestMode>("--ingest") { Description = "unary, stream or mixed (alternating).", DefaultValueFactory = _ => IngestMode.Mixed, HelpName = "unary|stream|mixed" };
        var streams = Options.Count("--streams-per-endpoint", "IngestMentions streams kept open per endpoint.", 2);
        var authors = Options.Count("--authors", "Distinct customers the mentions come from (fewer authors, more follow-ups; 0 = a new customer for every mention).", 20_000, minimum: 0);
        var warmUp = Options.Duration("--warm-up", "Played at the opening rate before measuring", TimeSpan.FromSeconds(10));
        var timeout = Options.Duration("--timeout", "Deadline of each request", TimeSpan.FromSeconds(10));
        var drain = Options.Duration("--drain-timeout", "How long to wait for answers after the last arrival", TimeSpan.FromSeconds(30));
        var maxInFlight = Options.Count("--max-in-flight", "Open requests past which the client counts arrivals as ClientOverloaded errors.", 5_000);
        var firstResponse = Options.Duration("--first-response", "First-response target of the run's tenant", TimeSpan.FromMinutes(1));
        var tenant = new Option<string?>("--tenant") { Description = "Tenant to load; created with the --first-response policy unless it exists. Default: load-<run id>." };
        var runId = new Option<string?>("--run-id") { Description = "Names the run's tenant, authors and message ids. Default: the start time." };
        var slaSample = Options.Count("--sla-sample", "Opened conversations read back for first-response outcomes (0 = skip).", 1_000, minimum: 0);
        var output = new Option<DirectoryInfo?>("--out") { Description = "Folder for report.html and summary.json. Default: load-results/<run id>." };
        var thresholds = Options.Thresholds();

        var command = new Command("run", "Play a scenario against a deployment; live table, then report.html and summary.json.")
        {
            scenario, endpoints, token, duration, burstFactor, burstAt, burstLength,
            deskRate, agents, ingest, streams, authors, warmUp, timeout, drain, maxInFlight, firstResponse, tenant, runId, slaSample, output, thresholds,
        };
        var week = new WeekOptions();
        foreach (var option in week.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (r, cancellation) =>
        {
            var options = new RunOptions
            {
                Scenario = r.GetValue(scenario),
                Endpoints = r.GetValue(endpoints) ?? [],
                Token = r.GetValue(token),
                Duration = r.GetValue(duration),
                BurstFactor = r.GetValue(burstFactor),
                BurstAt = r.GetValue(burstAt),
                BurstLength = r.GetValue(burstLength),
                DeskRate = r.GetValue(deskRate),
                Agents = r.GetValue(agents),
                Ingest = r.GetValue(ingest),
                StreamsPerEndpoint = r.GetValue(streams),
                Authors = r.GetValue(authors),
                WarmUp = r.GetValue(warmUp),
                RequestTimeout = r.GetValue(timeout),
                DrainTimeout = r.GetValue(drain),
                MaxInFlight = r.GetValue(maxInFlight),
                FirstResponse = r.GetValue(firstResponse),
                TenantId = r.GetValue(tenant),
                SlaSample = r.GetValue(slaSample),
                Thresholds = Threshold.ForRun((r.GetValue(thresholds) ?? []).Select(Threshold.Parse)),
            };
            options = week.Apply(r, options);
            if (r.GetValue(runId) is { Length: > 0 } id)
            {
                options = options with { RunId = id };
            }

            options = options with { Output = r.GetValue(output) ?? new DirectoryInfo(Path.Combine("load-results", options.RunId)) };
            return await ExecuteAsync(options, cancellation);
        });
        return command;
    }

    private static async Task<int> ExecuteAsync(RunOptions options, CancellationToken cancellation)
    {
        RunSummary summary;
        try
        {
            summary = await LoadSession.RunAsync(options, live: true, Console.Out, cancellation);
        }
        catch (RpcException failed)
        {
            await Console.Error.WriteLineAsync($"Could not set up the run against {string.Join(", ", options.Endpoints)}: {failed.StatusCode}: {failed.Status.Detail}");
            return ExitCodes.CouldNotRun;
        }
        catch (Exception failed) when (failed is FormatException or IOException)
        {
            await Console.Error.WriteLineAsync(failed.Message);
            return ExitCodes.CouldNotRun;
        }

        Print(summary);
        if (summary.Interrupted)
        {
            AnsiConsole.MarkupLine("[red]INTERRUPTED[/]: the run was stopped before its end; the report covers what ran.");
        }

        return summary.ExitCode;
    }

    private static void Print(RunSummary summary)
    {
        if (Console.IsOutputRedirected)
        {
            // A CI log has no width; Spectre would otherwise wrap the table at 80 columns.
            AnsiConsole.Profile.Width = 160;
        }

        var table = new Table().Title($"{summary.Scenario}: {summary.MeasuredSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s measured");
        foreach (var column in new[] { "step", "requests", "ok/s", "errors", "p50 ms", "p75 ms", "p95 ms", "p99 ms", "p99.9 ms", "max ms", "failed p99 ms" })
        {
            table.AddColumn(new TableColumn(column) { Alignment = column == "step" ? Justify.Left : Justify.Right });
        }

        foreach (var step in summary.Steps)
        {
            table.AddRow(
                Markup.Escape(step.Name),
                N(step.Requests),
                step.OkPerSecond.ToString("0.0", CultureInfo.InvariantCulture),
                N(step.Errors),
                Ms(step.Latency.P50Ms),
                Ms(step.Latency.P75Ms),
                Ms(step.Latency.P95Ms),
                Ms(step.Latency.P99Ms),
                Ms(step.Latency.P999Ms),
                Ms(step.Latency.MaxMs),
                step.FailedLatency.Count == 0 ? "-" : Ms(step.FailedLatency.P99Ms));
        }

        AnsiConsole.Write(table);
        if (summary.Mentions is { } mentions)
        {
            AnsiConsole.WriteLine($"Mentions (unary and stream): {N(mentions.Acknowledged)} acknowledged, {N(mentions.Opened)} opened a conversation, {N(mentions.Duplicates)} duplicates.");
        }

        if (summary.Sla is { } sla)
        {
            AnsiConsole.WriteLine($"First responses ({N(sla.Sampled)} of {N(sla.Opened)} opened conversations read back): " +
                $"{N(sla.AnsweredOnTime)} on time, {N(sla.AnsweredLate)} late, {N(sla.UnansweredBreached)} unanswered and breached, " +
                $"{N(sla.UnansweredWithinTarget)} unanswered within target, {N(sla.Unreadable)} unreadable.");
        }

        foreach (var result in summary.Thresholds)
        {
            var detail = result.Detail is "met" or "missed" ? "" : $": {result.Detail}";
            AnsiConsole.MarkupLine($"{(result.Met ? "[green]met[/]" : "[red]MISSED[/]")} {Markup.Escape(result.Threshold)} ({Markup.Escape(result.Scope)}: {Markup.Escape(result.Shown)}{Markup.Escape(detail)})");
        }
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Ms(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
