using Microsoft.Extensions.Diagnostics.HealthChecks;
using SocialCare.Grains.Abstractions;

namespace SocialCare.Host.Health;

/// <summary>
/// Not ready while the silo refuses new mentions for memory (<see cref="MemoryAdmission"/>): a
/// load balancer then sends new traffic to other silos, and readiness comes back by itself once
/// shedding has brought the heap under the admission mark.
/// </summary>
internal sealed class MemoryHealthCheck(MemoryAdmission admission) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // The admission samples the heap itself every quarter second; a probe only reads its verdict.
        return Task.FromResult(admission.Refusing
            ? HealthCheckResult.Unhealthy(admission.Refusal)
            : HealthCheckResult.Healthy($"The GC heap is at {admission.HeapPercent}% of its limit."));
    }
}
