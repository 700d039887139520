using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using SocialCare.Domain.Audit;
using SocialCare.Grains.Hosting;
using SocialCare.Grains.Abstractions.Hosting;
using SocialCare.Grains.Journal;

namespace SocialCare.Grains.Audit;

/// <summary>
/// Retention of the audit trail: every <see cref="CareGrainOptions.AuditRetentionInterval"/>,
/// each silo cuts every tenant's segments older than <see cref="CareGrainOptions.AuditRetention"/>.
/// Several silos may try the same cut; the journal makes it once (it locks the tenant's chain).
/// </summary>
internal sealed partial class AuditRetentionSweeper(
    IAuditStore trail,
    [FromKeyedServices(CareClock.Key)] TimeProvider clock,
    IOptions<CareGrainOptions> options,
    ILogger<AuditRetentionSweeper> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private ITimer? _timer;
    private int _running;

    public void Participate(ISiloLifecycle observer) =>
        observer.Subscribe(nameof(AuditRetentionSweeper), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    public void Dispose()
    {
        _timer?.Dispose();
        _stopping.Dispose();
    }

    private Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.AuditRetention > TimeSpan.Zero)
        {
            var interval = options.Value.AuditRetentionInterval;
            // The care clock drives the cadence, so a test that moves a fake clock moves the cuts too.
            _timer = clock.CreateTimer(_ => _ = CutOnceAsync(), null, interval, interval);
        }

        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        await _stopping.CancelAsync();
    }

    /// <summary>One pass over every tenant; a pass still running when the next is due is not doubled.</summary>
    internal async Task CutOnceAsync()
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            return;
        }

        try
        {
            var settings = options.Value;
            foreach (var tenantId in await trail.ListAuditTenantsAsync(_stopping.Token))
            {
                var now = clock.GetUtcNow();
                var removed = await trail.CutAuditAsync(
                    tenantId,
                    now - settings.AuditRetention,
                    settings.AuditSegmentSize,
                    (start, count) => AuditActor.System.Entry(tenantId, now, AuditActions.RetentionCut, "audit", detail: start.CutDetail(count)),
                    _stopping.Token);
                if (removed > 0)
                {
                    LogCut(logger, tenantId, removed);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The silo is stopping; the next silo's pass cuts what this one did not.
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Audit retention removed {Removed} entries of tenant {TenantId}")]
    private static partial void LogCut(ILogger logger, string tenantId, long removed);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Error, Message = "Audit retention failed; it retries at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
