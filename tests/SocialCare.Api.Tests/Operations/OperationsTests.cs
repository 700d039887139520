using System.Net;
using System.Text.Json;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialCare.Contracts;
using SocialCare.Host;
using SocialCare.Testing.Networks;

namespace SocialCare.Api.Tests.Operations;

/// <summary>
/// What probes, load balancers and scrapers see, on a host of its own (these tests stop it):
/// liveness and readiness over plain HTTP on the operations listener and over gRPC health, a
/// stopping silo turning not-ready while it still serves, and metrics in the Prometheus format.
/// </summary>
public sealed class OperationsTests : IAsyncLifetime
{
    private static readonly TimeSpan DrainDelay = TimeSpan.FromSeconds(5);
    private WebApplication _host = null!;
    private Uri _grpc = null!;
    private Uri _operations = null!;
    private GrpcChannel _channel = null!;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task InitializeAsync()
    {
        _host = SocialCareHost.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SocialCare:GrpcEndpoint"] = "http://127.0.0.1:0",
            ["SocialCare:OperationsEndpoint"] = "http://127.0.0.1:0",
            ["SocialCare:Shutdown:DrainDelay"] = DrainDelay.ToString(),
            ["SocialCare:SiloPort"] = LoopbackPorts.FreeAsText(),
            ["SocialCare:GatewayPort"] = LoopbackPorts.FreeAsText(),
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await _host.StartAsync();
        // In the order the host listens: gRPC, then operations.
        var addresses = _host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
        _grpc = new Uri(addresses[0]);
        _operations = new Uri(addresses[1]);
        _channel = GrpcChannel.ForAddress(_grpc);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        _http.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task A_running_silo_is_live_and_ready_over_http_and_grpc_and_says_which_checks_ran()
    {
        var ready = await _http.GetAsync(new Uri(_operations, "/healthz/ready"));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var checks = await Checks(ready);
        Assert.Equal(["memory", "shutdown", "silo"], checks.Keys.Order(StringComparer.Ordinal));
        Assert.All(checks.Values, status => Assert.Equal("Healthy", status));

        var live = await _http.GetAsync(new Uri(_operations, "/healthz/live"));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(["process"], (await Checks(live)).Keys);

        var health = new Health.HealthClient(_channel);
        foreach (var service in new[] { "", "readiness", "liveness" })
        {
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = service })).Status);
        }

        // The probes live on their own listener: the gRPC port does not answer them.
        using var h2c = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        Assert.Equal(HttpStatusCode.NotFound, (await h2c.GetAsync(new Uri(_grpc, "/healthz/ready"))).StatusCode);
    }

    [Fact]
    public async Task A_stopping_silo_turns_not_ready_first_while_it_is_still_live_and_serving()
    {
        var stopping = _host.StopAsync();

        // Polled, not timed: readiness must fail within the drain delay, while the host still answers.
        HttpResponseMessage ready;
        do
        {
            await Task.Delay(50);
            ready = await _http.GetAsync(new Uri(_operations, "/healthz/ready"));
        }
        while (ready.StatusCode == HttpStatusCode.OK && !stopping.IsCompleted);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", (await Checks(ready))["shutdown"]);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(new Uri(_operations, "/healthz/live"))).StatusCode);
        var health = new Health.HealthClient(_channel);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest { Service = "readiness" })).Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = "liveness" })).Status);
        // Calls are still served during the drain: callers that have not yet moved away lose nothing.
        Assert.NotNull(await new Wire.DiagnosticsService.DiagnosticsServiceClient(_channel).PingAsync(new Wire.PingRequest()));
        Assert.False(stopping.IsCompleted, "the host stopped before its drain delay ended");

        await stopping;
    }

    [Fact]
    public async Task Metrics_from_the_api_orleans_the_runtime_and_the_care_desk_are_scraped_on_the_operations_port()
    {
        var token = _host.Services.GetRequiredService<SocialCare.Api.Access.CareTokenIssuer>().Issue(ApiFixture.Desk, TimeSpan.FromHours(1)).Token;
        using var channel = CareCredential.Bearer(token).Channel(_grpc.ToString());
        var ingest = new Wire.IngestService.IngestServiceClient(channel);
        for (var i = 0; i < 3; i++)
        {
            await ingest.IngestMentionAsync(new Wire.IngestMentionRequest { Mention = Requests.Mention("demo", $"metrics-{i}", "My bag never arrived.") });
        }

        // Metrics are exported on collection: poll until the mentions show (bounded), not a sleep.
        var scraped = await Eventually.Get(
            () => _http.GetStringAsync(new Uri(_operations, "/metrics")),
            s => s.Contains("socialcare_mentions_ingested", StringComparison.Ordinal),
            "the mentions to show in /metrics",
            pause: TimeSpan.FromMilliseconds(100));

        var lines = scraped.Split('\n');
        var opened = lines.Where(l => l.StartsWith("socialcare_mentions_ingested", StringComparison.Ordinal) && l.Contains("outcome=\"opened\"", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(opened);
        Assert.Equal(3, opened.Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains(lines, l => l.StartsWith("http_server_request_duration_seconds", StringComparison.Ordinal) && l.Contains("IngestMention", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("orleans_", StringComparison.Ordinal));
        // The desk's own instruments carry the tenant (and the team where a conversation has one).
        Assert.All(opened, l => Assert.Contains("tenant=\"demo\"", l, StringComparison.Ordinal));
        var depth = Assert.Single(lines, l => l.StartsWith("socialcare_queue_depth", StringComparison.Ordinal) && l.Contains("tenant=\"demo\"", StringComparison.Ordinal));
        Assert.Equal(3, double.Parse(depth[(depth.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(lines, l => l.StartsWith("dotnet_", StringComparison.Ordinal) || l.StartsWith("process_runtime_dotnet", StringComparison.Ordinal));
        // No customer's words or handles: metrics are labelled by channel, outcome, route, never by who said what.
        Assert.DoesNotContain("bag never arrived", scraped, StringComparison.Ordinal);
        Assert.DoesNotContain("metrics-0", scraped, StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, string>> Checks(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString()!, StringComparer.Ordinal);
    }
}
