using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SocialCare.LoadTests.Care;
using SocialCare.LoadTests.Reporting;
using SocialCare.LoadTests.Running;
using SocialCare.LoadTests.Scheduling;

namespace SocialCare.LoadTests.Scenarios;

/// <summary>
/// One run from start to finish: tenant, flows, live view, SLA read-back, thresholds, and the
/// report and JSON summary on disk.
/// </summary>
internal static class LoadSession
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <param name="live">Show the live table (the CLI); the in-process smoke test runs quietly.</param>
    public static async Task<RunSummary> RunAsync(RunOptions options, bool live, TextWriter log, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        if (options.Scenario == ScenarioKind.WeekReplay && options.Csv is { } export)
        {
            // Read before anything is made on the deployment: a bad export fails here, and what
            // was read (and what looks wrong) is in the log before the week plays.
            using var reader = export.OpenText();
            foreach (var line in Scheduling.WeekProfile.ReadExport(reader, options.CsvTimeZone, options.CsvTimeColumn).Summary.Lines())
            {
                log.WriteLine(line);
            }
        }

        var tenantId = options.TenantId ?? $"load-{options.RunId}".ToLowerInvariant();
        // Built once: a brand's export is read for it, and the flows, the agents' keys and the
        // report's planned counts all follow the same shapes.
        var rates = ScenarioFlows.Rates(options);
        var deskAgents = rates.Agents is null ? 0 : options.Agents;
        var (created, key, agentKeys) = await PrepareAsync(options.Endpoints, options.Token, tenantId, options.RunId, options.FirstResponse, options.RequestTimeout, deskAgents, cancellation).ConfigureAwait(false);
        using var endpoints = new CareEndpoints(options.Endpoints, options.RequestTimeout, key);
        await using var desk = new CareDesk(endpoints, tenantId, options.RunId, options.Authors, options.Ingest, options.StreamsPerEndpoint, options.Agents, deskAgents > 0 ? agentKeys : null);
        log.WriteLine(created
            ? $"Created tenant {tenantId} (first response within {options.FirstResponse})."
            : $"Tenant {tenantId} exists; using its own SLA policy.");

        var startTime = DateTimeOffset.UtcNow;
        var runner = new LoadRunner(ScenarioFlows.For(rates, desk), new RunSettings(options.WarmUp, options.MaxInFlight, options.DrainTimeout));
        log.WriteLine($"Playing {Name(options.Scenario)} for {runner.Planned} against {string.Join(", ", options.Endpoints)}.");
        var measurements = live
            ? await LiveConsole.ShowAsync(progress => runner.RunAsync(progress, cancellation)).ConfigureAwait(false)
            : await runner.RunAsync(null, cancellation).ConfigureAwait(false);

        // Stopped early (Ctrl-C): what was measured is still a run worth reading, so the report is
        // written and marked partial; the read-back of first responses is skipped.
        var interrupted = cancellation.IsCancellationRequested;
        if (interrupted)
        {
            log.WriteLine("Interrupted: writing a partial report of what was measured so far.");
        }

        SlaOutcomes? sla = null;
        if (options.SlaSample > 0 && !interrupted)
        {
            sla = await desk.ObserveSlaAsync(options.SlaSample, cancellation).ConfigureAwait(false);
        }

        var summary = new RunSummary(
            Name(options.Scenario),
            options.RunId,
            tenantId,
            [.. options.Endpoints.Select(e => e.ToString())],
            startTime,
            options.WarmUp.TotalSeconds,
            measurements.MeasuredDuration.TotalSeconds,
            measurements.Abandoned,
            Describe(options, rates),
            RunSummary.StepsOf(measurements),
            sla);
        var mentions = desk.Mentions;
        IReadOnlyList<ThresholdResult> judged = [.. options.Thresholds.SelectMany(t => t.Evaluate(summary))];
        if (mentions.Acknowledged > 0)
        {
            // Every run sends message ids of its own: mentions answered as already stored are not
            // load, and a run made mostly of them measured nothing it meant to.
            judged = [.. judged, new ThresholdResult(
                string.Create(CultureInfo.InvariantCulture, $"duplicates<={MentionTally.MaxDuplicateShare * 100}%"),
                "mentions",
                mentions.Duplicates / (double)mentions.Acknowledged,
                $"{mentions.Duplicates} of {mentions.Acknowledged}",
                !mentions.TooManyDuplicates,
                mentions.TooManyDuplicates ? "the tenant already had these mentions: was the run id (--run-id or --tenant) reused?" : "met")];
        }

        summary = summary with
        {
            Thresholds = judged,
            Timeline = measurements.Timeline,
            Load = measurements.Load,
            Mentions = mentions,
            Interrupted = interrupted,
            Compression = options.Scenario == ScenarioKind.WeekReplay ? options.Compression : null,
            FirstResponseSeconds = options.FirstResponse.TotalSeconds,
            TenantCreated = created,
        };

        if (options.Output is { } output)
        {
            output.Create();
            // Not cancelled with the run: an interrupted run's report is the point of going on.
            await File.WriteAllTextAsync(Path.Combine(output.FullName, "summary.json"), JsonSerializer.Serialize(summary, Json), CancellationToken.None).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(output.FullName, "report.html"), HtmlReport.Render(summary), CancellationToken.None).ConfigureAwait(false);
            JUnitReport.Render(summary).Save(Path.Combine(output.FullName, "junit.xml"));
            log.WriteLine($"Report: {Path.Combine(output.FullName, "report.html")}");
            log.WriteLine($"Summary: {Path.Combine(output.FullName, "summary.json")} (JUnit: junit.xml beside it)");
        }

        return summary;
    }

    /// <summary>Creates the run's tenant (unless it exists), the API key its traffic uses and one key per desk agent.</summary>
    /// <returns>Whether the tenant was created, the run's key, and the agents' keys (none when <paramref name="agents"/> is 0).</returns>
    public static async Task<(bool Created, Contracts.CareCredential Key, IReadOnlyList<Contracts.CareCredential> AgentKeys)> PrepareAsync(
        IReadOnlyList<Uri> endpoints, string? token, string tenantId, string runId, TimeSpan firstResponse, TimeSpan timeout, int agents, CancellationToken cancellation, Wire.CarePolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var setup = await RunAccess.SetupCredentialAsync(endpoints[0], token, timeout, cancellation).ConfigureAwait(false);
        using var setupEndpoints = new CareEndpoints([endpoints[0]], timeout, setup);
        var created = await CareDesk.EnsureTenantAsync(setupEndpoints, tenantId, runId, firstResponse, cancellation).ConfigureAwait(false);
        if (policy is not null)
        {
            // Saved with the set-up credential: the run's own key is not an admin's.
            await new Wire.CarePolicyService.CarePolicyServiceClient(setupEndpoints.For(0)).UpdateCarePolicyAsync(
                new Wire.UpdateCarePolicyRequest { Name = $"tenants/{tenantId}/carePolicy", CarePolicy = policy },
                deadline: setupEndpoints.Deadline(),
                cancellationToken: cancellation).ConfigureAwait(false);
        }

        var key = await RunAccess.RunKeyAsync(setupEndpoints, tenantId, runId, cancellation).ConfigureAwait(false);
        var agentKeys = agents > 0 ? await RunAccess.AgentKeysAsync(setupEndpoints, tenantId, runId, agents, cancellation).ConfigureAwait(false) : [];
        return (created, key, agentKeys);
    }

    public static string Name(ScenarioKind scenario) => scenario switch
    {
        ScenarioKind.WeekReplay => "week-replay",
        ScenarioKind.AgentDesk => "agent-desk",
        _ => "burst",
    };

    /// <summary>
    /// The run's settings for the report and summary.json: numbers as numbers, durations in
    /// seconds (the key says so), so a CI job reads them without parsing "00:01:00".
    /// </summary>
    private static Dictionary<string, object> Describe(RunOptions o, (IArrivalRate Mentions, IArrivalRate? Agents) rates)
    {
        var (mentions, agents) = rates;
        var settings = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["mentionRatePerSecond"] = o.Rate,
            ["mentionArrivalsPlanned"] = Scheduling.ArrivalSchedule.Arrivals(mentions).LongCount(),
            ["agentActionsPlanned"] = agents is null ? 0L : Scheduling.ArrivalSchedule.Arrivals(agents).LongCount(),
            ["ingest"] = o.Ingest.ToString().ToLowerInvariant(),
            ["streamsPerEndpoint"] = o.StreamsPerEndpoint,
            ["authors"] = o.Authors,
            ["agents"] = o.Agents,
            ["firstResponseSeconds"] = o.FirstResponse.TotalSeconds,
            ["requestTimeoutSeconds"] = o.RequestTimeout.TotalSeconds,
            ["drainTimeoutSeconds"] = o.DrainTimeout.TotalSeconds,
            ["maxInFlight"] = o.MaxInFlight,
        };
        if (o.Scenario == ScenarioKind.WeekReplay)
        {
            settings["compression"] = o.Compression;
            settings["weekProfile"] = o.Csv?.Name ?? "built-in";
            settings["csvTimeZone"] = o.CsvTimeZone.Id;
            settings["spikeFactor"] = o.EffectiveSpikeFactor > 1 ? o.EffectiveSpikeFactor : 1;
            if (o.EffectiveSpikeFactor > 1)
            {
                settings["spikeAtHourOfWeek"] = o.SpikeAtHour;
                settings["spikeHours"] = o.SpikeHours;
            }
        }
        else
        {
            settings["durationSeconds"] = o.Duration.TotalSeconds;
            if (o.Scenario == ScenarioKind.Burst)
            {
                settings["burstFactor"] = o.BurstFactor;
                settings["burstAtSeconds"] = o.BurstAt.TotalSeconds;
                settings["burstLengthSeconds"] = o.BurstLength.TotalSeconds;
            }
        }

        return settings;
    }

}
