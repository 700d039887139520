using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using SocialCare.Host;
using SocialCare.Testing.Networks;

namespace SocialCare.Durability.Tests;

/// <summary>
/// One trace from the client's call to the database: the gRPC server span, the grain call it made
/// and the PostgreSQL command that grain ran, on a real host on the PostgreSQL profile with traces
/// kept in memory instead of exported.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TracingTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_knowledge_search_is_one_trace_across_grpc_the_grain_and_postgresql()
    {
        var spans = new List<Activity>();
        var connectionString = await postgres.NewDatabaseAsync();
        // As `RunAsync` does before it builds the host.
        await SocialCare.Storage.Postgres.PostgresDatabase.MigrateAsync(connectionString);
        var settings = HostProcess.Environment(connectionString, $"trace-{Guid.NewGuid():N}"[..20])
            .ToDictionary(p => p.Key.Replace("__", ":", StringComparison.Ordinal), p => (string?)p.Value);
        settings["SocialCare:GrpcEndpoint"] = "http://127.0.0.1:0";
        settings["SocialCare:SiloPort"] = LoopbackPorts.FreeAsText();
        settings["SocialCare:GatewayPort"] = LoopbackPorts.FreeAsText();
        settings["SocialCare:Telemetry:Tracing"] = "true";
        await using var host = SocialCareHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.ConfigureOpenTelemetryTracerProvider(traces => traces.AddInMemoryExporter(spans));
        });
        await host.StartAsync();
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var channel = HostProcess.DeskCredential.Channel(address);

        await new Wire.KnowledgeService.KnowledgeServiceClient(channel).SearchKnowledgeAsync(new Wire.SearchKnowledgeRequest { Parent = "tenants/demo", Query = "lost bag refund" });
        // Spans are exported as they end, and the server's span ends after its answer was
        // written, so the client can hold the answer before the span exists: wait for it.
        var (server, snapshot) = await Eventually.Get(
            () =>
            {
                host.Services.GetRequiredService<TracerProvider>().ForceFlush();
                List<Activity> copy;
                lock (spans)
                {
                    copy = [.. spans];
                }

                return Task.FromResult((copy.SingleOrDefault(s => s.Kind == ActivityKind.Server && s.DisplayName.Contains("SearchKnowledge", StringComparison.Ordinal)), copy));
            },
            found => found.Item1 is not null,
            "the SearchKnowledge server span is exported");
        var trace = snapshot.Where(s => s.TraceId == server!.TraceId).ToList();
        Assert.Contains(trace, s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.DisplayName.Contains("KnowledgeGrain", StringComparison.Ordinal));
        Assert.Contains(trace, s => s.Source.Name == "Npgsql");
        await host.StopAsync();
    }
}
