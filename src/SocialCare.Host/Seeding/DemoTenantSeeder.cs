using Microsoft.Extensions.Options;
using SocialCare.Domain.Approvals;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Tenants;
using SocialCare.Grains.Abstractions;
using SocialCare.Grains.Abstractions.Tenants;

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
            // Approvals as a brand would start: its departments' replies and answers to authors
            // with a large audience wait for a supervisor, so the walk-through can show one.
            await tenant.CreateAsync(TenantSettings.Starter(HostingOptions.DemoTenantId, "Demo brand") with
            {
                Approvals = ApprovalPolicy.None with { Teams = ["legal", "pr"], InfluenceThreshold = 100_000 },
            });
            LogSeeded(logger, HostingOptions.DemoTenantId);
        }
        catch (CareException ex) when (ex.Kind == CareErrorKind.AlreadyExists)
        {
            // Another silo seeded it first.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Created tenant \"{TenantId}\" with the default SLA policy, teams and approvals")]
    private static partial void LogSeeded(ILogger logger, string tenantId);
}
