using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using SocialCare.Grains.Conversations;
using SocialCare.Grains.Abstractions.Conversations;
using SocialCare.Grains.Hosting;
using SocialCare.Grains.Abstractions.Hosting;
using SocialCare.Grains.Journal;
using SocialCare.Grains.Abstractions;

namespace SocialCare.Grains.Sla;

/// <summary>
/// The SLA timer layer. Every silo, once active, asks the journal every
/// <see cref="CareGrainOptions.SlaSweepInterval"/> which open conversations have a deadline due
/// and wakes them; each wakes, recomputes its clocks from the pure SLA function and records any
/// breach, which moves its next deadline on and takes it off the due list.
/// </summary>
/// <remarks>
/// Why not a reminder per conversation: at 100,000 open conversations that is 100,000 reminder
/// rows ticking every minute, and a reminder whose silo died fires only at its next period after
/// the takeover. The projection already holds each conversation's next deadline under an index,
/// so one indexed query per silo per second costs the same at any backlog, and a silo's death
/// delays nothing: the surviving silos' sweeps find the same rows and the conversations
/// reactivate elsewhere from storage. Being woken twice (several silos sweep) is harmless.
/// </remarks>
internal sealed partial class SlaDeadlineSweeper(
    IGrainFactory grains,
    IQueueProjection projection,
    [FromKeyedServices(CareClock.Key)] TimeProvider clock,
    IOptions<CareGrainOptions> options,
    ILogger<SlaDeadlineSweeper> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private const int MaxRoundsPerSweep = 20;

    private readonly Channel<bool> _ticks = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stopping = new();
    private ITimer? _timer;
    private Task? _loop;

    public void Participate(ISiloLifecycle observer) =>
        observer.Subscribe(nameof(SlaDeadlineSweeper), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    public void Dispose()
    {
        _timer?.Dispose();
        _stopping.Dispose();
    }

    private Task StartAsync(CancellationToken cancellationToken)
    {
        var interval = options.Value.SlaSweepInterval;
        // The care clock drives the cadence, so a test that moves a fake clock moves the sweeps too.
        _timer = clock.CreateTimer(_ => _ticks.Writer.TryWrite(true), null, interval, interval);
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        await _stopping.CancelAsync();
        _ticks.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var _ in _ticks.Reader.ReadAllAsync(stopping))
            {
                try
                {
                    await SweepAsync(stopping);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    SweepFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task SweepAsync(CancellationToken stopping)
    {
        var batch = options.Value.SlaSweepBatchSize;
        // A full batch means more are due (a breach storm); woken conversations leave the due
        // list as they record their breach, so the next query returns the rest. Bounded, so one
        // sweep cannot run on forever when some wake-ups keep failing.
        for (var round = 0; round < MaxRoundsPerSweep; round++)
        {
            var due = await projection.FindDueAsync(clock.GetUtcNow(), batch, stopping);
            if (due.Count == 0)
            {
                return;
            }

            await Task.WhenAll(due.Select(WakeAsync));
            SweptDue(logger, due.Count);
            if (due.Count < batch)
            {
                return;
            }
        }
    }

    private async Task WakeAsync(string conversationKey)
    {
        try
        {
            await grains.GetCareGrain<IConversationGrain>(conversationKey).CheckSlaAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One conversation's failure must not hold up the others; it is still due, so the
            // next sweep tries again.
            WakeUpFailed(logger, ex, conversationKey);
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Woke {Count} conversations with an SLA deadline due")]
    private static partial void SweptDue(ILogger logger, int count);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "SLA wake-up of conversation {ConversationKey} failed; the next sweep retries it")]
    private static partial void WakeUpFailed(ILogger logger, Exception exception, string conversationKey);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "SLA deadline sweep failed; retrying at the next interval")]
    private static partial void SweepFailed(ILogger logger, Exception exception);
}
