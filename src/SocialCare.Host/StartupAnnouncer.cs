using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using SocialCare.Api.Access;

namespace SocialCare.Host;

/// <summary>Says, once the host is serving, which profile runs and where the API listens.</summary>
internal sealed partial class StartupAnnouncer(
    IHostApplicationLifetime lifetime,
    IServer server,
    IOptions<HostingOptions> options,
    IOptions<CareAuthOptions> auth,
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

            if (auth.Value.DevelopmentTokens)
            {
                LogDevelopmentTokens(logger);
            }
            else if (auth.Value.AllowAnonymous)
            {
                LogAnonymous(logger);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information,
        Message = "SocialCare is serving gRPC on {Endpoint} with the in-memory development profile: one silo, state kept in this process and lost when it stops")]
    private static partial void LogInMemory(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information,
        Message = "Development tokens are on: from this machine, sign in with `dotnet run --project src/SocialCare.Cli -- login --dev` (AuthService.IssueDevelopmentToken)")]
    private static partial void LogDevelopmentTokens(ILogger logger);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning,
        Message = "AllowAnonymous is on: calls without a credential act with every role on every tenant. Development only")]
    private static partial void LogAnonymous(ILogger logger);
}
