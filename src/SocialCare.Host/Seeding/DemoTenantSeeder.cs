using Microsoft.Extensions.Options;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Tenants;
using SocialCare.Grains;
using SocialCare.Grains.Tenants;

namespace SocialCare.Host.Seeding;

/// <summary>Creates the "demo" tenant once the silo runs, unless it exists or seeding is off.</summary>
internal sealed partial class DemoTenantSeeder(IGrainFactory grains, IOptions<HostingOptions> options, ILogger<DemoTenantSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedDemoTenant)
        {
            return;
        }

        var tenant = grains.GetCareGrain<ITenantGrain>(HostingOptions.DemoTenantId);
        if (await tenant.GetAsync() is not null)
        {
            return;
        }

        try
        {
            await tenant.CreateAsync(TenantSettings.Starter(HostingOptions.DemoTenantId, "Demo brand"));
            LogSeeded(logger, HostingOptions.DemoTenantId);
        }
        catch (CareException ex) when (ex.Kind == CareErrorKind.AlreadyExists)
        {
            // Another silo seeded it first.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Created tenant \"{TenantId}\" with the default SLA policy and teams")]
    private static partial void LogSeeded(ILogger logger, string tenantId);
}
