using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialCare.Host;
using Wire = SocialCare.Contracts.V1;
using SocialCare.LoadTests.Care;
using SocialCare.LoadTests.Commands;
using SocialCare.LoadTests.Reporting;
using SocialCare.LoadTests.Running;
using SocialCare.LoadTests.Scenarios;
using SocialCare.LoadTests.Scheduling;
using SocialCare.Testing.Networks;

namespace SocialCare.LoadTests.Tests;

/// <summary>
/// The tool end to end against a real host (silo + Kestrel, in-memory profile) in this process:
/// a few seconds at a low rate, asserting counts and files, never timings.
/// </summary>
public sealed class SmokeRunTests : IAsyncLifetime
{
    private WebApplication _host = null!;
    private Uri _endpoint = null!;
    private DirectoryInfo _output = null!;

    public async Task InitializeAsync()
    {
        _host = SocialCareHost.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SocialCare:GrpcEndpoint"] = "http://127.0.0.1:0",
            ["SocialCare:SiloPort"] = LoopbackPorts.FreeAsText(),
            ["SocialCare:GatewayPort"] = LoopbackPorts.FreeAsText(),
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await _host.StartAsync();
        _endpoint = new Uri(_host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        _output = Directory.CreateTempSubdirectory("socialcare-load-smoke-");
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        await _host.DisposeAsync();
        _output.Delete(recursive: true);
    }

    [Fact]
    public async Task An_agent_desk_run_answers_every_scheduled_request_and_writes_its_report()
    {
        var options = SmallDesk([_endpoint, _endpoint], "smoke-desk") with
        {
            Output = _output,
            Thresholds = [Threshold.Parse("error-rate<1%"), Threshold.Parse("p50<0.001ms")],
        };

        var run = await LoadSession.RunAsync(options, live: false, TextWriter.Null, CancellationToken.None);

        // Every mention scheduled after the warm-up was sent exactly once and answered OK, half
        // unary and half over the stream (the mixed mode alternates by arrival number).
        var (mentionRate, deskRate) = ScenarioFlows.Rates(options);
        var measuredMentions = MeasuredArrivals(mentionRate, options.WarmUp);
        var unary = Step(run, "ingest_unary");
        var streamed = Step(run, "ingest_stream");
        Assert.Equal(measuredMentions, unary.Requests + streamed.Requests);
        Assert.InRange(unary.Requests - streamed.Requests, -1, 1);
        Assert.Equal((0L, 0L), (unary.Errors, streamed.Errors));
        Assert.Equal(unary.Requests, unary.Latency.Count);

        // Every scheduled piece of agent work read the queue once; each claim that won went on
        // to reply, each reply to resolve (unless a colleague got there first), and nothing failed.
        var listed = Step(run, "list_queue");
        Assert.Equal(MeasuredArrivals(deskRate!, options.WarmUp), listed.Requests);
        var claimed = Step(run, "claim");
        var replied = Step(run, "reply");
        var resolved = Step(run, "resolve");
        Assert.Equal(listed.Ok, claimed.Requests);
        Assert.Equal(claimed.Ok, replied.Requests);
        Assert.Equal(replied.Ok, resolved.Requests);
        Assert.Equal(resolved.Ok, Step(run, "handle").Ok);
        Assert.True(resolved.Ok > 0, "agents resolved nothing");
        Assert.Equal(0, run.TotalErrors);

        // First-response outcomes were read back for every conversation the run opened.
        var sla = Assert.IsType<SlaOutcomes>(run.Sla);
        Assert.True(sla.Opened > 0);
        Assert.Equal(sla.Opened, sla.Sampled);
        Assert.Equal(sla.Sampled, sla.AnsweredOnTime + sla.AnsweredLate + sla.UnansweredBreached + sla.UnansweredWithinTarget);
        Assert.Equal(0, sla.Unreadable);

        // The met threshold and the impossible one are both judged.
        Assert.True(run.Thresholds.Single(t => t.Threshold == "error-rate<1%").Met);
        Assert.All(run.Thresholds.Where(t => t.Threshold == "p50<0.001ms"), t => Assert.False(t.Met));

        var html = await File.ReadAllTextAsync(Path.Combine(_output.FullName, "report.html"));
        // Offered against achieved, in flight, one latency chart per step, the distribution and
        // throughput; no errors chart, since nothing failed (the report says so instead).
        var charts = html.Split("data:image/png;base64,").Length - 1;
        Assert.Equal(2 + run.Steps.Count + 2, charts);
        Assert.Contains("No request failed.", html, StringComparison.Ordinal);
        // Every chart says what it shows to someone who cannot see it.
        Assert.Equal(charts, html.Split("<img class=\"chart\" alt=\"").Length - 1);
        Assert.All(run.Steps, step => Assert.Contains($"alt=\"{step.Name} p50, p95 and p99 latency per second", html, StringComparison.Ordinal));
        Assert.Contains("p75 ms", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace(_endpoint.ToString(), string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_output.FullName, "summary.json")));
        Assert.Equal(run.Steps.Count, json.RootElement.GetProperty("steps").GetArrayLength());
        Assert.Equal("agent-desk", json.RootElement.GetProperty("scenario").GetString());
        // For CI: a schema version, the tool's version, and the verdict as numbers and booleans
        // (the impossible p50 threshold was missed, so the run fails with 2).
        Assert.Equal(1, json.RootElement.GetProperty("schemaVersion").GetInt32());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("toolVersion").GetString()));
        Assert.Equal(2, json.RootElement.GetProperty("exitCode").GetInt32());
        Assert.False(json.RootElement.GetProperty("passed").GetBoolean());
        var seconds = json.RootElement.GetProperty("timeline").GetProperty("ingest_unary").EnumerateArray().ToList();
        Assert.Equal(unary.Ok, seconds.Sum(s => s.GetProperty("ok").GetInt64()));
        Assert.All(seconds, s => Assert.Equal(JsonValueKind.Number, s.GetProperty("sinceStartSeconds").ValueKind));
        // Settings as numbers, durations in seconds: no "00:00:01" for a CI job to parse.
        var settings = json.RootElement.GetProperty("settings");
        Assert.Equal(1, settings.GetProperty("firstResponseSeconds").GetDouble());
        Assert.Equal(3, settings.GetProperty("durationSeconds").GetDouble());
        Assert.Equal(ArrivalSchedule.Arrivals(mentionRate).LongCount(), settings.GetProperty("mentionArrivalsPlanned").GetInt64());
        // What the client offered each second adds up to the measured arrivals of each flow.
        var load = json.RootElement.GetProperty("load").EnumerateArray().ToList();
        Assert.Equal(measuredMentions, load.Sum(s => s.GetProperty("offered").GetProperty("mentions").GetInt64()));
        Assert.Equal(listed.Requests, load.Sum(s => s.GetProperty("offered").GetProperty("agents").GetInt64()));
        // The last sample is taken after the drain: nothing was left in flight.
        Assert.Equal(0, load[^1].GetProperty("inFlight").GetInt64());

        // The JUnit file beside it fails exactly the missed thresholds.
        var junit = System.Xml.Linq.XDocument.Load(Path.Combine(_output.FullName, "junit.xml"));
        var suite = junit.Root!.Element("testsuite")!;
        Assert.Equal(run.Thresholds.Count(t => !t.Met), int.Parse(suite.Attribute("failures")!.Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(run.Thresholds.Count + 1, suite.Elements("testcase").Count());
    }

    [Fact]
    public async Task A_desk_replying_faster_than_one_caller_may_works_through_its_agents_own_keys()
    {
        // The deployment allows one caller 10 replies a second (a burst of 50). A desk of eight
        // agents replying 40 times a second is within each agent's allowance, so nothing may be
        // refused; sharing the run's one key, most replies were RESOURCE_EXHAUSTED.
        var options = new RunOptions
        {
            Scenario = ScenarioKind.AgentDesk,
            Endpoints = [_endpoint],
            Rate = 60,
            DeskRate = 40,
            Duration = TimeSpan.FromSeconds(4),
            WarmUp = TimeSpan.Zero,
            Authors = 0,
            Agents = 8,
            Ingest = IngestMode.Unary,
            RunId = "smoke-agents",
            SlaSample = 0,
        };

        var run = await LoadSession.RunAsync(options, live: false, TextWriter.Null, CancellationToken.None);

        var replied = Step(run, "reply");
        Assert.True(replied.Ok > 60, $"only {replied.Ok} replies: the test needs more than one caller's burst");
        Assert.DoesNotContain("ResourceExhausted", replied.Statuses.Keys);
        Assert.Equal(0, run.TotalErrors);
    }

    [Fact]
    public async Task A_compressed_week_replay_over_streams_sends_the_weeks_schedule()
    {
        var options = new RunOptions
        {
            Scenario = ScenarioKind.WeekReplay,
            Endpoints = [_endpoint],
            Rate = 30,
            Compression = TimeSpan.FromDays(7) / TimeSpan.FromSeconds(4),
            WarmUp = TimeSpan.Zero,
            Ingest = IngestMode.Stream,
            RunId = "smoke-week",
            SlaSample = 0,
        };

        var run = await LoadSession.RunAsync(options, live: false, TextWriter.Null, CancellationToken.None);

        var streamed = Assert.Single(run.Steps);
        Assert.Equal("ingest_stream", streamed.Name);
        Assert.Equal(MeasuredArrivals(ScenarioFlows.Rates(options).Mentions, TimeSpan.Zero), streamed.Ok);
        Assert.Equal(0, streamed.Errors);
        Assert.Null(run.Sla);
    }

    [Fact]
    public async Task A_second_run_with_the_same_run_id_is_all_duplicates_and_fails_saying_so()
    {
        RunOptions Options() => new()
        {
            Scenario = ScenarioKind.AgentDesk,
            Endpoints = [_endpoint],
            Rate = 20,
            DeskRate = 0,
            Duration = TimeSpan.FromSeconds(2),
            WarmUp = TimeSpan.Zero,
            Ingest = IngestMode.Mixed,
            RunId = "smoke-twice",
            SlaSample = 0,
        };

        var first = await LoadSession.RunAsync(Options(), live: false, TextWriter.Null, CancellationToken.None);
        var again = await LoadSession.RunAsync(Options(), live: false, TextWriter.Null, CancellationToken.None);

        var sent = MeasuredArrivals(ScenarioFlows.Rates(Options()).Mentions, TimeSpan.Zero);
        Assert.Equal(new MentionTally(sent, sent, 0), first.Mentions);
        Assert.True(first.Thresholds.Single(t => t.Scope == "mentions").Met);
        Assert.Equal(new MentionTally(sent, 0, sent), again.Mentions);
        var duplicates = again.Thresholds.Single(t => t.Scope == "mentions");
        Assert.False(duplicates.Met);
        Assert.Contains("run id", duplicates.Detail, StringComparison.Ordinal);

        // Left to itself, each run gets an id of its own, even in the same second.
        static RunOptions Fresh() => new() { Scenario = ScenarioKind.Burst, Endpoints = [] };
        Assert.NotEqual(Fresh().RunId, Fresh().RunId);
    }

    [Fact]
    public async Task A_run_stopped_midway_writes_a_partial_report_that_says_so()
    {
        var options = new RunOptions
        {
            Scenario = ScenarioKind.Burst,
            Endpoints = [_endpoint],
            Rate = 20,
            Duration = TimeSpan.FromMinutes(2),
            WarmUp = TimeSpan.Zero,
            Ingest = IngestMode.Unary,
            RunId = "smoke-stopped",
            Output = _output,
        };
        using var stop = new CancellationTokenSource();
        // As Ctrl-C does: the token is cancelled once the run has sent something.
        using var log = new StopAfterFirstLine(stop, "Playing burst");

        var run = await LoadSession.RunAsync(options, live: false, log, stop.Token);

        Assert.True(run.Interrupted);
        Assert.Null(run.Sla);
        Assert.True(run.MeasuredSeconds < options.Duration.TotalSeconds);
        var html = await File.ReadAllTextAsync(Path.Combine(_output.FullName, "report.html"));
        Assert.Contains("Interrupted", html, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_output.FullName, "summary.json")));
        Assert.True(json.RootElement.GetProperty("interrupted").GetBoolean());
        Assert.Equal(130, json.RootElement.GetProperty("exitCode").GetInt32());
        Assert.False(json.RootElement.GetProperty("passed").GetBoolean());
    }

    /// <summary>A log that cancels the run once it reports it has started playing.</summary>
    private sealed class StopAfterFirstLine(CancellationTokenSource stop, string marker) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is not null && value.StartsWith(marker, StringComparison.Ordinal))
            {
                stop.CancelAfter(TimeSpan.FromSeconds(1));
            }
        }
    }

    [Fact]
    public async Task A_silo_that_cannot_be_reached_costs_no_request_its_calls_go_to_the_next_one()
    {
        // The second "silo" listens nowhere (as one killed with -9): every call the round robin
        // gives it, unary, streamed and the desk's, must reach the live one instead, once each.
        var dead = new Uri($"http://127.0.0.1:{LoopbackPorts.FreeAsText()}");
        var options = SmallDesk([_endpoint, dead], "smoke-failover");

        var run = await LoadSession.RunAsync(options, live: false, TextWriter.Null, CancellationToken.None);

        var (mentionRate, deskRate) = ScenarioFlows.Rates(options);
        var unary = Step(run, "ingest_unary");
        var streamed = Step(run, "ingest_stream");
        Assert.Equal(MeasuredArrivals(mentionRate, options.WarmUp), unary.Requests + streamed.Requests);
        Assert.Equal(MeasuredArrivals(deskRate!, options.WarmUp), Step(run, "list_queue").Requests);
        Assert.Equal(0, run.TotalErrors);
        Assert.Equal(unary.Requests + streamed.Requests, run.Mentions!.Acknowledged);
        Assert.True(Step(run, "resolve").Ok > 0, "agents resolved nothing");
    }

    [Fact]
    public async Task The_bench_policy_is_saved_with_the_set_up_credential_and_every_rule_is_searched_before_the_last_decides()
    {
        var (_, key, _) = await LoadSession.PrepareAsync([_endpoint], null, "bench-policy-smoke", "smoke-policy", TimeSpan.FromHours(1), TimeSpan.FromSeconds(30), agents: 0, CancellationToken.None, Bench.BenchPolicy.Rules(100));
        using var channel = key.Channel(_endpoint.ToString());
        var mention = new MentionFactory("bench-policy-smoke", "smoke-policy", 0).Create("bench", 1);
        var ingested = await new Wire.IngestService.IngestServiceClient(channel).IngestMentionAsync(new Wire.IngestMentionRequest { Mention = mention });

        var conversation = (await new Wire.ConversationService.ConversationServiceClient(channel).GetConversationAsync(new Wire.GetConversationRequest { Name = ingested.Conversation })).Conversation;
        Assert.Equal((1L, "everyone", "seen"), (conversation.PolicyVersion, conversation.PolicyRules.Single(), conversation.Tags.Single()));
    }

    [Fact]
    public async Task Cleanup_deletes_the_tenants_runs_made_and_never_one_a_run_was_pointed_at()
    {
        RunOptions Burst(string runId, string? tenant, string folder) => new()
        {
            Scenario = ScenarioKind.Burst,
            Endpoints = [_endpoint],
            Rate = 20,
            Duration = TimeSpan.FromSeconds(1),
            WarmUp = TimeSpan.Zero,
            Ingest = IngestMode.Unary,
            RunId = runId,
            TenantId = tenant,
            SlaSample = 0,
            Output = new DirectoryInfo(Path.Combine(_output.FullName, folder)),
        };
        var setup = await RunAccess.SetupCredentialAsync(_endpoint, null, TimeSpan.FromSeconds(30), CancellationToken.None);
        using var channel = setup.Channel(_endpoint.ToString());
        var admin = new Wire.AdminService.AdminServiceClient(channel);
        await admin.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = new Wire.Tenant { TenantId = "brand-kept", DisplayName = "A brand's own tenant" } });

        var made = await LoadSession.RunAsync(Burst("smoke-clean", null, "made"), live: false, TextWriter.Null, CancellationToken.None);
        var pointed = await LoadSession.RunAsync(Burst("smoke-pointed", "brand-kept", "pointed"), live: false, TextWriter.Null, CancellationToken.None);
        Assert.Equal((true, false), (made.TenantCreated, pointed.TenantCreated));

        Assert.Equal(["load-smoke-clean"], CleanupCommand.TenantsMadeBy([_output.FullName]));
        using var said = new StringWriter();
        Assert.Equal(ExitCodes.Passed, await CleanupCommand.DeleteAsync(["load-smoke-clean"], _endpoint, null, said, TextWriter.Null, CancellationToken.None));

        Assert.StartsWith("deleted load-smoke-clean: ", said.ToString(), StringComparison.Ordinal);
        Assert.Contains("conversations ", said.ToString(), StringComparison.Ordinal);
        var gone = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => admin.GetTenantAsync(new Wire.GetTenantRequest { Name = "tenants/load-smoke-clean" }).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.NotFound, gone.StatusCode);
        Assert.Equal("brand-kept", (await admin.GetTenantAsync(new Wire.GetTenantRequest { Name = "tenants/brand-kept" })).Tenant.TenantId);

        // Cleaning up again finds the tenant gone, and that is no failure.
        using var again = new StringWriter();
        Assert.Equal(ExitCodes.Passed, await CleanupCommand.DeleteAsync(["load-smoke-clean"], _endpoint, null, again, TextWriter.Null, CancellationToken.None));
        Assert.Equal("load-smoke-clean: already gone", again.ToString().Trim());
    }

    /// <summary>A few seconds of a small desk at a low rate: mentions both ways, three agents.</summary>
    private static RunOptions SmallDesk(Uri[] endpoints, string runId) => new()
    {
        Scenario = ScenarioKind.AgentDesk,
        Endpoints = endpoints,
        Rate = 40,
        DeskRate = 8,
        Duration = TimeSpan.FromSeconds(3),
        WarmUp = TimeSpan.FromSeconds(1),
        Authors = 50,
        Agents = 3,
        Ingest = IngestMode.Mixed,
        FirstResponse = TimeSpan.FromSeconds(1),
        RunId = runId,
    };

    private static StepSummary Step(RunSummary run, string name) => run.Steps.Single(s => s.Name == name);

    private static long MeasuredArrivals(IArrivalRate rate, TimeSpan warmUp) =>
        ArrivalSchedule.Arrivals(new WarmUpRate(rate, warmUp)).LongCount(at => at >= warmUp);
}
