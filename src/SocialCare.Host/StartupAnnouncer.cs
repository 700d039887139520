using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using SocialCare.Api.Access;
using SocialCare.Storage.Postgres;

namespace SocialCare.Host;

/// <summary>
/// Says, once the host is serving, what runs: the profile, where the API listens, the database
/// schema version, and which silos form the cluster, on every profile, so the first lines of a
/// log answer "what is this and who are its peers".
/// </summary>
internal sealed partial class StartupAnnouncer(
    IHostApplicationLifetime lifetime,
    IServer server,
    IOptions<HostingOptions> options,
    IOptions<CareAuthOptions> auth,
    IOptions<Grains.Hosting.CareMemoryOptions> memory,
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    IServiceProvider services,
    ILogger<StartupAnnouncer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = AnnounceAsync());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task AnnounceAsync()
    {
        // Who may sign in how is said whatever happens to the rest of the announcement: an
        // AllowAnonymous host must never start without its warning.
        if (auth.Value.DevelopmentTokens)
        {
            LogDevelopmentTokens(logger);
        }
        else if (auth.Value.AllowAnonymous)
        {
            LogAnonymous(logger);
        }

        var shedding = memory.Value.ShedOnPressure ? $"shedding activations from {memory.Value.ShedAtPercent}% down to {memory.Value.ShedToPercent}% of it" : "no shedding (SocialCare:Memory:ShedOnPressure is off)";
        LogMemory(logger, Operations.MemoryLimit.Describe(), shedding);
        try
        {
            // Only the gRPC endpoint is gRPC: the webhook and operations listeners are named apart.
            var endpoint = $"{options.Value.GrpcEndpoint} (webhooks: {options.Value.WebhookEndpoint ?? "off"}; operations: {options.Value.OperationsEndpoint ?? "off"}; bound: {string.Join(", ", server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])})";
            var active = membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress.ToString()).Order(StringComparer.Ordinal).ToList();
            var silos = $"{active.Count} active ({string.Join(", ", active)})";
            if (options.Value.Storage == StorageProfile.InMemory)
            {
                LogInMemory(logger, endpoint, silo.SiloAddress.ToString(), silos);
            }
            else
            {
                var schema = services.GetService<Npgsql.NpgsqlDataSource>() is { } database
                    ? (await PostgresDatabase.SchemaVersionAsync(database, lifetime.ApplicationStopping)).ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : "unknown";
                LogPostgres(logger, endpoint, schema, silo.SiloAddress.ToString(), options.Value.ClusterId, silos);
            }
        }
        catch (Exception failed) when (failed is Npgsql.NpgsqlException or OperationCanceledException)
        {
            // The announcement is for people reading the log; readiness says whether the database works.
            LogNotAnnounced(logger, failed.Message);
        }
    }

    [LoggerMessage(EventId = 3008, Level = LogLevel.Information,
        Message = "Memory: the GC works within {Limit} (SocialCare:Memory:HeapLimitMegabytes, else the container's or machine's), {Shedding}")]
    private static partial void LogMemory(ILogger logger, string limit, string shedding);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information,
        Message = "SocialCare is serving gRPC on {Endpoint} with the in-memory development profile: one silo ({Silo}), state kept in this process and lost when it stops; silos: {Silos}")]
    private static partial void LogInMemory(ILogger logger, string endpoint, string silo, string silos);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information,
        Message = "SocialCare is serving gRPC on {Endpoint} with the PostgreSQL profile, schema version {SchemaVersion}; this silo is {Silo} in cluster {ClusterId}; silos: {Silos}")]
    private static partial void LogPostgres(ILogger logger, string endpoint, string schemaVersion, string silo, string clusterId, string silos);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information,
        Message = "Development tokens are on: from this machine, sign in with `socialcare login --dev` (the CLI tool, see the README; AuthService.IssueDevelopmentToken)")]
    private static partial void LogDevelopmentTokens(ILogger logger);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning,
        Message = "AllowAnonymous is on: calls without a credential act with every role on every tenant. Development only")]
    private static partial void LogAnonymous(ILogger logger);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Could not read the schema version for the start-up announcement: {Reason}")]
    private static partial void LogNotAnnounced(ILogger logger, string reason);
}
