using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Queues;
using SocialCare.Grains.Hosting;
using SocialCare.Grains.Journal;

namespace SocialCare.Grains.Queues;

/// <summary>
/// Holds the open conversations of one shard in work order and fans changes out to watchers.
/// The shard is a projection of the conversations: it keeps no storage of its own and, when it
/// activates (first use, or after its silo died or the cluster restarted), reloads its items from
/// the journal's open-conversations rows, which every conversation change writes before it
/// reaches the shard. It stays active so watchers and wait samples are not lost to idle collection.
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
internal sealed class QueueShardGrain(
    IConversationJournal journal,
    IOptions<CareGrainOptions> options,
    TimeProvider runtimeClock,
    [FromKeyedServices(CareClock.Key)] TimeProvider careClock,
    Hosting.CareMetrics metrics) : Grain, IQueueShardGrain
{
    private readonly Dictionary<string, QueueItem> _items = new(StringComparer.Ordinal);
    private readonly SortedSet<QueuePosition> _order = [];
    private readonly Queue<FirstResponseSample> _samples = new();
    private readonly Dictionary<IQueueObserver, DateTimeOffset> _watchers = [];
    private string _shardName = "";
    private long _sequence;
    private (string Tenant, string Team, int Shard) _queue;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The activation time makes the name unique per activation, so a watcher can tell a
        // restarted sequence from a gap.
        var key = this.GetPrimaryKeyString();
        _shardName = $"{key}@{runtimeClock.GetUtcNow().ToUnixTimeMilliseconds()}";
        var (tenantId, teamId, shard) = GrainKeys.SplitQueueShard(key);
        _queue = (tenantId, teamId, (int)shard);
        foreach (var item in await journal.ReadQueueShardAsync(tenantId, teamId, shard, cancellationToken))
        {
            _items[item.ConversationId] = item;
            _order.Add(item.Position);
        }

        metrics.QueueDepth(_queue.Tenant, _queue.Team, _queue.Shard, _items.Count);

        // At risk depends on the clock as well as on changes, so it is recounted on a period
        // rather than kept exact on every change: a gauge read every few seconds needs no more.
        var refresh = options.Value.SlaWarningRefresh;
        this.RegisterGrainTimer(CountAtRisk, new GrainTimerCreationOptions(TimeSpan.Zero, refresh) { Interleave = false });
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Another silo's activation reports this shard from now on.
        metrics.QueueShardGone(_queue.Tenant, _queue.Team, _queue.Shard);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Counts the conversations whose next deadline falls within the warning window and that are
    /// not breached yet (a deadline just passed but not yet recorded by the sweep counts: the
    /// breach is seconds away).
    /// </summary>
    private Task CountAtRisk(CancellationToken cancellationToken)
    {
        var horizon = careClock.GetUtcNow() + options.Value.SlaWarningWindow;
        var atRisk = 0;
        foreach (var item in _items.Values)
        {
            if (!item.SlaBreached && item.NextDueAt is { } due && due <= horizon)
            {
                atRisk++;
            }
        }

        metrics.SlaAtRisk(_queue.Tenant, _queue.Team, _queue.Shard, atRisk);
        return Task.CompletedTask;
    }

    public Task ApplyAsync(QueueUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var id = update.Item.ConversationId;
        var known = _items.Remove(id, out var previous);
        if (known)
        {
            _order.Remove(previous!.Position);
        }

        if (update.FirstResponse is { } sample)
        {
            _samples.Enqueue(sample);
            while (_samples.Count > options.Value.WaitSamplesPerShard)
            {
                _samples.Dequeue();
            }
        }

        QueueChangeKind kind;
        if (update.Remove)
        {
            if (!known)
            {
                return Task.CompletedTask;
            }

            kind = QueueChangeKind.Removed;
        }
        else
        {
            _items[id] = update.Item;
            _order.Add(update.Item.Position);
            kind = known ? QueueChangeKind.Updated : QueueChangeKind.Added;
        }

        if (kind != QueueChangeKind.Updated)
        {
            metrics.QueueDepth(_queue.Tenant, _queue.Team, _queue.Shard, _items.Count);
        }

        Notify(new QueueChange(kind, update.Reason, update.Item, _shardName, ++_sequence, runtimeClock.GetUtcNow()));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<QueueItem>> ListAsync(QueuePosition? after, int take, QueueFilter filter)
    {
        var page = new List<QueueItem>(Math.Min(take, _items.Count));
        foreach (var position in _order)
        {
            if (page.Count >= take)
            {
                break;
            }

            if (after is { } cursor && position <= cursor)
            {
                continue;
            }

            var item = _items[position.ConversationId];
            if (filter.Matches(item))
            {
                page.Add(item);
            }
        }

        return Task.FromResult<IReadOnlyList<QueueItem>>(page);
    }

    public Task<QueueShardStats> GetStatsAsync()
    {
        var backlog = _items.Values.Count(i => i.Status == ConversationStatus.Open);
        return Task.FromResult(new QueueShardStats(backlog, [.. _samples]));
    }

    public Task SubscribeAsync(IQueueObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _watchers[observer] = runtimeClock.GetUtcNow() + options.Value.WatchLease;
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(IQueueObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _watchers.Remove(observer);
        return Task.CompletedTask;
    }

    private void Notify(QueueChange change)
    {
        if (_watchers.Count == 0)
        {
            return;
        }

        var now = runtimeClock.GetUtcNow();
        List<IQueueObserver>? lapsed = null;
        foreach (var (watcher, expires) in _watchers)
        {
            if (expires < now)
            {
                (lapsed ??= []).Add(watcher);
                continue;
            }

            // One-way: a slow or vanished console must not hold up the conversation that changed.
            _ = watcher.OnQueueChangedAsync(change);
        }

        lapsed?.ForEach(w => _watchers.Remove(w));
    }
}
