using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace SocialCare.Host.Operations;

/// <summary>How a silo leaves: bound from "SocialCare:Shutdown".</summary>
public sealed class ShutdownOptions
{
    public const string Section = "SocialCare:Shutdown";

    /// <summary>
    /// How long a stopping silo keeps serving after readiness turned NOT_SERVING, so load
    /// balancers and Kubernetes endpoints stop sending it calls before its listener closes.
    /// 0 (the default) suits one machine; behind a load balancer give it a probe period or two
    /// (the Kubernetes manifests use 10 s).
    /// </summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// The most the whole stop may take: the drain delay, calls in flight finishing, grains
    /// deactivating and the silo leaving the membership. Past it the process ends anyway (and
    /// its grains move as after a crash, from what was stored).
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The first thing a stopping silo does: readiness goes NOT_SERVING (gRPC health and
/// /healthz/ready), then it waits <see cref="ShutdownOptions.DrainDelay"/> for callers to move
/// away before the host stops Kestrel (which finishes the calls in flight) and then the silo
/// (which deactivates its grains and leaves the membership). It says how long each part took.
/// </summary>
internal sealed class ShutdownDrain(IOptions<ShutdownOptions> options, ILogger<ShutdownDrain> logger) : IHostedLifecycleService, IHealthCheck
{
    private long _stoppingSince;

    public bool Draining => Interlocked.Read(ref _stoppingSince) != 0;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Draining ? HealthCheckResult.Unhealthy("The silo is shutting down.") : HealthCheckResult.Healthy("Not shutting down."));

    // Every service's StoppingAsync runs before any StopAsync, so readiness fails while the
    // listener still serves.
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _stoppingSince, Stopwatch.GetTimestamp());
        var delay = options.Value.DrainDelay;
        logger.LogInformation("Shutting down: readiness is NOT_SERVING; serving {DrainDelay} more for callers to move away, then finishing calls in flight and deactivating grains (at most {Timeout} in all).", delay, options.Value.Timeout);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        var since = Interlocked.Read(ref _stoppingSince);
        if (since != 0)
        {
            logger.LogInformation("Stopped in {Elapsed:0.0} s: calls finished, grains deactivated, the silo left the cluster.", Stopwatch.GetElapsedTime(since).TotalSeconds);
        }

        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
