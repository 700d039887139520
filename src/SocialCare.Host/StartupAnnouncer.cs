using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace SocialCare.Host;

/// <summary>Says, once the host is serving, which profile runs and where the API listens.</summary>
internal sealed partial class StartupAnnouncer(
    IHostApplicationLifetime lifetime,
    IServer server,
    IOptions<HostingOptions> options,
    ILogger<StartupAnnouncer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var endpoint = string.Join(", ", addresses);
            if (options.Value.Storage == StorageProfile.InMemory)
            {
                LogInMemory(logger, endpoint);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information,
        Message = "SocialCare is serving gRPC on {Endpoint} with the in-memory development profile: one silo, state kept in this process and lost when it stops")]
    private static partial void LogInMemory(ILogger logger, string endpoint);
}
