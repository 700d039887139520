using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace SocialCare.Host.Health;

/// <summary>
/// Alive means the process answers and its silo has not been declared dead. It says nothing of
/// the database or the cluster: a liveness probe that failed on those would restart every silo
/// when PostgreSQL blinks, which only makes the outage longer.
/// </summary>
internal sealed class LivenessHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Dead
            ? HealthCheckResult.Unhealthy("The cluster declared this silo dead.")
            : HealthCheckResult.Healthy($"The process answers (silo {status})."));
    }
}
