using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Queues;
using SocialCare.Grains.Hosting;
using SocialCare.Grains.Abstractions.Hosting;
using SocialCare.Grains.Journal;
using SocialCare.Grains.Abstractions;
using SocialCare.Grains.Abstractions.Queues;

namespace SocialCare.Grains.Queues;

/// <summary>
/// Holds the head of one shard's open conversations in work order and fans changes out to
/// watchers. The shard is a projection of the conversations: it keeps no storage of its own and,
/// when it activates (first use, or after its silo died or the cluster restarted), reloads its
/// head from the journal's open-conversations rows, which every conversation change writes
/// before it reaches the shard. It stays active so watchers and wait samples are not lost to
/// idle collection, so its memory is bounded by what it holds: at most
/// <see cref="CareGrainOptions.QueueShardHeadSize"/> items. Beyond the head (every open
/// conversation after <c>_boundary</c>), listings and counts read the projection.
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
internal sealed class QueueShardGrain(
    IQueueProjection projection,
    IOptions<CareGrainOptions> options,
    TimeProvider runtimeClock,
    [FromKeyedServices(CareClock.Key)] TimeProvider careClock,
    Hosting.CareMetrics metrics) : Grain, IQueueShardGrain
{
    /// <summary>A listing asks the journal for a few more than it lacks, in case some are held items whose move has not reached the shard yet.</summary>
    private const int ListingSlack = 8;

    private readonly Dictionary<string, QueueItem> _items = new(StringComparer.Ordinal);
    private readonly SortedSet<QueuePosition> _order = [];
    private readonly Queue<FirstResponseSample> _samples = new();
    private readonly Dictionary<IQueueObserver, DateTimeOffset> _watchers = [];
    private string _shardName = "";
    private long _sequence;
    private (string Tenant, string Team, int Shard) _queue;

    /// <summary>
    /// Whether the journal holds open conversations beyond the head. While it does, every open
    /// conversation at or before <see cref="_boundary"/> is held and every one after it is only
    /// in the projection.
    /// </summary>
    private bool _beyondHead;

    private QueuePosition _boundary;

    /// <summary>The journal's counts at the last refresh while <see cref="_beyondHead"/> (the gauges and the backlog use them); null otherwise.</summary>
    private QueueShardCount? _counted;

    private int HeadSize => options.Value.QueueShardHeadSize;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The activation time makes the name unique per activation, so a watcher can tell a
        // restarted sequence from a gap.
        var key = this.GetPrimaryKeyString();
        _shardName = $"{key}@{runtimeClock.GetUtcNow().ToUnixTimeMilliseconds()}";
        var (tenantId, teamId, shard) = GrainKeys.SplitQueueShard(key);
        _queue = (tenantId, teamId, (int)shard);

        // One more than the head tells whether anything lies beyond it.
        var head = await projection.ReadQueueShardAsync(tenantId, teamId, _queue.Shard, null, HeadSize + 1, QueueFilter.All, cancellationToken);
        foreach (var item in head.Take(HeadSize))
        {
            Hold(item);
        }

        _beyondHead = head.Count > HeadSize;
        if (_beyondHead)
        {
            _boundary = _order.Max;
        }
        else
        {
            metrics.QueueDepth(_queue.Tenant, _queue.Team, _queue.Shard, _items.Count);
        }

        // At risk depends on the clock as well as on changes, so it is recounted on a period
        // rather than kept exact on every change: a gauge read every few seconds needs no more.
        // The same period refills a head that shrank and recounts a queue longer than its head.
        var refresh = options.Value.SlaWarningRefresh;
        this.RegisterGrainTimer(RefreshAsync, new GrainTimerCreationOptions(TimeSpan.Zero, refresh) { Interleave = false });
        // A count over a long queue's rows takes a fifth of a second for 250,000 of them; it
        // interleaves so conversations' changes reach the shard meanwhile (it only replaces the
        // counts when it ends).
        this.RegisterGrainTimer(RecountAsync, new GrainTimerCreationOptions(TimeSpan.Zero, refresh) { Interleave = true });
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Another silo's activation reports this shard from now on.
        metrics.QueueShardGone(_queue.Tenant, _queue.Team, _queue.Shard);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Refills a head that fell below half its size from the journal, and recounts the
    /// conversations at risk of a queue held whole.
    /// </summary>
    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (_beyondHead && _items.Count < HeadSize / 2)
        {
            await RefillAsync(cancellationToken);
        }

        if (!_beyondHead)
        {
            var horizon = careClock.GetUtcNow() + options.Value.SlaWarningWindow;
            metrics.SlaAtRisk(_queue.Tenant, _queue.Team, _queue.Shard, _items.Values.Count(i => QueueShardCount.IsAtRisk(i, horizon)));
        }
    }

    /// <summary>Counts a queue longer than its head in the journal: its depth, backlog and conversations at risk.</summary>
    private async Task RecountAsync(CancellationToken cancellationToken)
    {
        if (!_beyondHead)
        {
            return;
        }

        var horizon = careClock.GetUtcNow() + options.Value.SlaWarningWindow;
        var counted = await projection.CountQueueShardAsync(_queue.Tenant, _queue.Team, _queue.Shard, horizon, cancellationToken);
        // A refill may have taken the whole queue into the head meanwhile; its own counts win then.
        if (_beyondHead)
        {
            _counted = counted;
            metrics.QueueDepth(_queue.Tenant, _queue.Team, _queue.Shard, Clamp(counted.Items));
            metrics.SlaAtRisk(_queue.Tenant, _queue.Team, _queue.Shard, Clamp(counted.AtRisk));
        }
    }

    /// <summary>Takes the next items after the boundary from the journal into the head, up to its size.</summary>
    private async Task RefillAsync(CancellationToken cancellationToken)
    {
        var wanted = HeadSize - _items.Count;
        var next = await projection.ReadQueueShardAsync(_queue.Tenant, _queue.Team, _queue.Shard, _boundary, wanted, QueueFilter.All, cancellationToken);
        foreach (var item in next)
        {
            // An item already held moved beyond the boundary in the journal and its update is on
            // its way: holding the journal's newer version is what that update will do anyway.
            Hold(item);
        }

        if (next.Count < wanted)
        {
            // The whole queue is held again: its counts are the head's own from now on.
            _beyondHead = false;
            _counted = null;
            metrics.QueueDepth(_queue.Tenant, _queue.Team, _queue.Shard, _items.Count);
        }
        else
        {
            _boundary = next[^1].Position;
        }
    }

    public Task ApplyAsync(QueueUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var id = update.Item.ConversationId;
        var known = Release(id);

        if (update.FirstResponse is { } sample)
        {
            _samples.Enqueue(sample);
            while (_samples.Count > options.Value.WaitSamplesPerShard)
            {
                _samples.Dequeue();
            }
        }

        QueueChangeKind kind;
        if (update.Placement == QueuePlacement.Removed)
        {
            // Beyond the head the shard cannot tell a removal of an item it never held from one
            // of an item the journal held; watchers are told either way (a removal of something
            // they never listed changes nothing for them).
            if (!known && !_beyondHead)
            {
                return Task.CompletedTask;
            }

            kind = QueueChangeKind.Removed;
        }
        else
        {
            if (!_beyondHead || update.Item.Position <= _boundary)
            {
                Hold(update.Item);
                Trim();
            }

            // An item beyond the head was not held, so its change reads as an addition.
            kind = known ? QueueChangeKind.Updated : QueueChangeKind.Added;
        }

        if (kind != QueueChangeKind.Updated && !_beyondHead)
        {
            metrics.QueueDepth(_queue.Tenant, _queue.Team, _queue.Shard, _items.Count);
        }

        Notify(new QueueChange(kind, update.Reason, update.Item, _shardName, ++_sequence, runtimeClock.GetUtcNow()));
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<QueueItem>> ListAsync(QueuePosition? after, int take, QueueFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var page = new List<QueueItem>(Math.Min(take, _items.Count + ListingSlack));
        foreach (var position in _order)
        {
            if (page.Count >= take)
            {
                return page;
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

        if (page.Count < take && _beyondHead)
        {
            var from = after is { } asked && asked > _boundary ? asked : _boundary;
            var beyond = await projection.ReadQueueShardAsync(_queue.Tenant, _queue.Team, _queue.Shard, from, take - page.Count + ListingSlack, filter);
            foreach (var item in beyond)
            {
                if (page.Count >= take)
                {
                    break;
                }

                // A held item the journal already shows further on is listed where the shard holds it.
                if (!_items.ContainsKey(item.ConversationId))
                {
                    page.Add(item);
                }
            }
        }

        return page;
    }

    public async Task<QueueShardStats> GetStatsAsync()
    {
        int backlog;
        if (!_beyondHead)
        {
            backlog = _items.Values.Count(i => i.Status == ConversationStatus.Open);
        }
        else
        {
            var counted = _counted ?? await projection.CountQueueShardAsync(
                _queue.Tenant, _queue.Team, _queue.Shard, careClock.GetUtcNow() + options.Value.SlaWarningWindow);
            _counted = counted;
            backlog = Clamp(counted.Backlog);
        }

        return new QueueShardStats(backlog, [.. _samples]);
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

    /// <summary>Holds an item in the head, replacing its earlier version.</summary>
    private void Hold(QueueItem item)
    {
        Release(item.ConversationId);
        _items[item.ConversationId] = item;
        _order.Add(item.Position);
    }

    /// <returns>Whether the item was held.</returns>
    private bool Release(string conversationId)
    {
        if (!_items.Remove(conversationId, out var held))
        {
            return false;
        }

        _order.Remove(held.Position);
        return true;
    }

    /// <summary>Lets the last items go when the head outgrows its size: the journal has them.</summary>
    private void Trim()
    {
        if (_items.Count <= HeadSize)
        {
            return;
        }

        while (_items.Count > HeadSize)
        {
            Release(_order.Max.ConversationId);
        }

        _beyondHead = true;
        _boundary = _order.Max;
    }

    private static int Clamp(long count) => (int)Math.Min(count, int.MaxValue);

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
