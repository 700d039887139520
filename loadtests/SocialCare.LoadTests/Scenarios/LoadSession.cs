using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SocialCare.LoadTests.Care;
using SocialCare.LoadTests.Reporting;
using SocialCare.LoadTests.Running;

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
            foreach (var line in Scheduling.WeekProfile.ReadExport(reader, options.CsvTimeZone).Summary.Lines())
            {
                log.WriteLine(line);
            }
        }

        var tenantId = options.TenantId ?? $"load-{options.RunId}".ToLowerInvariant();
        var (created, key) = await PrepareAsync(options.Endpoints, options.Token, tenantId, options.RunId, options.FirstResponse, options.RequestTimeout, cancellation).ConfigureAwait(false);
        using var endpoints = new CareEndpoints(options.Endpoints, options.RequestTimeout, key);
        await using var desk = new CareDesk(endpoints, tenantId, options.RunId, options.Authors, options.Ingest, options.StreamsPerEndpoint, options.Agents);
        log.WriteLine(created
            ? $"Created tenant {tenantId} (first response within {options.FirstResponse})."
            : $"Tenant {tenantId} exists; using its own SLA policy.");

        var startTime = DateTimeOffset.UtcNow;
        var runner = new LoadRunner(ScenarioFlows.For(options, desk), new RunSettings(options.WarmUp, options.MaxInFlight, options.DrainTimeout));
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
            Describe(options),
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

        summary = summary with { Thresholds = judged, Timeline = measurements.Timeline, Mentions = mentions, Interrupted = interrupted };

        if (options.Output is { } output)
        {
            output.Create();
            // Not cancelled with the run: an interrupted run's report is the point of going on.
            await File.WriteAllTextAsync(Path.Combine(output.FullName, "summary.json"), JsonSerializer.Serialize(summary, Json), CancellationToken.None).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(output.FullName, "report.html"), HtmlReport.Render(summary, measurements.Timeline), CancellationToken.None).ConfigureAwait(false);
            log.WriteLine($"Report: {Path.Combine(output.FullName, "report.html")}");
            log.WriteLine($"Summary: {Path.Combine(output.FullName, "summary.json")}");
        }

        return summary;
    }

    /// <summary>Creates the run's tenant (unless it exists) and the API key its traffic uses.</summary>
    /// <returns>Whether the tenant was created, and the key.</returns>
    public static async Task<(bool Created, Contracts.CareCredential Key)> PrepareAsync(
        IReadOnlyList<Uri> endpoints, string? token, string tenantId, string runId, TimeSpan firstResponse, TimeSpan timeout, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var setup = await RunAccess.SetupCredentialAsync(endpoints[0], token, timeout, cancellation).ConfigureAwait(false);
        using var setupEndpoints = new CareEndpoints([endpoints[0]], timeout, setup);
        var created = await CareDesk.EnsureTenantAsync(setupEndpoints, tenantId, runId, firstResponse, cancellation).ConfigureAwait(false);
        var key = await RunAccess.RunKeyAsync(setupEndpoints, tenantId, runId, cancellation).ConfigureAwait(false);
        return (created, key);
    }

    public static string Name(ScenarioKind scenario) => scenario switch
    {
        ScenarioKind.WeekReplay => "week-replay",
        ScenarioKind.AgentDesk => "agent-desk",
        _ => "burst",
    };

    private static Dictionary<string, string> Describe(RunOptions o)
    {
        var (mentions, agents) = ScenarioFlows.Rates(o);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["mention rate (per s)"] = F(o.Rate),
            ["mention arrivals planned"] = F(Scheduling.ArrivalSchedule.Arrivals(mentions).LongCount()),
            ["agent actions planned"] = agents is null ? "0" : F(Scheduling.ArrivalSchedule.Arrivals(agents).LongCount()),
            ["ingest"] = o.Ingest.ToString().ToLowerInvariant(),
            ["streams per endpoint"] = F(o.StreamsPerEndpoint),
            ["authors"] = F(o.Authors),
            ["agents"] = F(o.Agents),
            ["first-response target"] = o.FirstResponse.ToString(),
            ["request timeout"] = o.RequestTimeout.ToString(),
            ["max in flight"] = F(o.MaxInFlight),
        };
        if (o.Scenario == ScenarioKind.WeekReplay)
        {
            settings["compression"] = F(o.Compression);
            settings["week profile"] = o.Csv?.Name ?? "built-in";
            settings["viral spike"] = o.EffectiveSpikeFactor > 1 ? $"{F(o.EffectiveSpikeFactor)}x for {F(o.SpikeHours)} h from hour {F(o.SpikeAtHour)} of the week" : "none";
        }
        else if (o.Scenario == ScenarioKind.Burst)
        {
            settings["burst"] = $"{F(o.BurstFactor)}x for {o.BurstLength} from {o.BurstAt}";
        }

        return settings;
    }

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
