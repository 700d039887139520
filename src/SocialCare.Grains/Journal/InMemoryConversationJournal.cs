using System.Globalization;
using Orleans.Storage;
using SocialCare.Domain.Audit;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Deliveries;
using SocialCare.Domain.Queues;
using SocialCare.Grains.Audit;
using SocialCare.Grains.Abstractions.Audit;

namespace SocialCare.Grains.Journal;

/// <summary>
/// The journal of the in-memory profile: one silo's process memory, gone with it, like the
/// in-memory grain storage it accompanies. State bytes are kept as given: the grain serialised
/// them, so nothing here shares an object with a live activation.
/// </summary>
public sealed class InMemoryConversationJournal : IConversationJournal, Tenants.IInMemoryTenantData
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SortedList<int, ConversationMessage>> _messages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueueEntry> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredState> _states = new(StringComparer.Ordinal);
    private readonly SortedSet<(DateTimeOffset WakeAt, string Key)> _wakeUps = [];
    private readonly Dictionary<string, List<AuditedEntry>> _trails = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AuditLaneHead> _starts = new(StringComparer.Ordinal);
    private readonly Dictionary<(string TenantId, string DeliveryId), Delivery> _deliveries = [];

    /// <summary>Where each customer message is stored, by its network key (PostgreSQL's V012 rule).</summary>
    private readonly Dictionary<NetworkMessageKey, (string ConversationKey, int Sequence)> _received = [];

    /// <summary>Each tenant's unsettled deliveries, so leasing looks only at those.</summary>
    private readonly Dictionary<string, HashSet<string>> _unsettled = new(StringComparer.Ordinal);

    /// <summary>One process appends under one lock, so one lane per tenant serves (PostgreSQL's writers need several).</summary>
    private const int Lane = 0;

    public Task RecordAsync(JournalWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        lock (_gate)
        {
            // Checked before anything changes: a refused write stores nothing.
            foreach (var received in write.Received ?? [])
            {
                if (_received.TryGetValue(received.Key, out var at) && (at.ConversationKey != write.ConversationKey || at.Sequence != received.Sequence))
                {
                    throw new NetworkMessageStoredException(received.Key, at.ConversationKey, at.Sequence);
                }
            }

            if (write.State is { } snapshot)
            {
                var stored = _states.TryGetValue(write.ConversationKey, out var current) ? current.Version : 0;
                if (stored != snapshot.ExpectedVersion)
                {
                    throw new InconsistentStateException(
                        $"Conversation {write.ConversationKey} changed since version {snapshot.ExpectedVersion} was read.", stored.ToString(CultureInfo.InvariantCulture), snapshot.ExpectedVersion.ToString(CultureInfo.InvariantCulture));
                }

                _states[write.ConversationKey] = new StoredState(snapshot.State, snapshot.ExpectedVersion + 1);
            }

            foreach (var received in write.Received ?? [])
            {
                _received[received.Key] = (write.ConversationKey, received.Sequence);
            }

            if (write.NewMessages.Count > 0)
            {
                if (!_messages.TryGetValue(write.ConversationKey, out var history))
                {
                    _messages[write.ConversationKey] = history = [];
                }

                foreach (var message in write.NewMessages)
                {
                    history[message.Sequence] = message;
                }
            }

            if (_open.Remove(write.ConversationKey, out var previous) && previous.WakeAt is { } oldWake)
            {
                _wakeUps.Remove((oldWake, write.ConversationKey));
            }

            if (write.Queue is { } entry)
            {
                _open[write.ConversationKey] = entry;
                if (entry.WakeAt is { } wake)
                {
                    _wakeUps.Add((wake, write.ConversationKey));
                }
            }

            foreach (var delivery in write.Deliveries ?? [])
            {
                Store(delivery);
            }

            Chain(write.Audit ?? []);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A conversation's write of its delivery: the whole row when new; afterwards only what its
    /// conversation owns (the state a report leaves), which also ends any lease.
    /// </summary>
    private void Store(Delivery delivery)
    {
        var key = (delivery.TenantId, delivery.DeliveryId);
        _deliveries[key] = _deliveries.TryGetValue(key, out var stored)
            ? stored with
            {
                State = delivery.State,
                FailedAttempts = delivery.FailedAttempts,
                DueAt = delivery.DueAt,
                LeaseOwner = null,
                NetworkMessageId = delivery.NetworkMessageId,
                SentAt = delivery.SentAt,
                LastError = delivery.LastError,
            }
            : delivery with { LeaseOwner = null, Leases = 0 };
        if (delivery.State is DeliveryState.Pending or DeliveryState.Sending)
        {
            if (!_unsettled.TryGetValue(delivery.TenantId, out var ids))
            {
                _unsettled[delivery.TenantId] = ids = new HashSet<string>(StringComparer.Ordinal);
            }

            ids.Add(delivery.DeliveryId);
        }
        else if (_unsettled.TryGetValue(delivery.TenantId, out var ids))
        {
            ids.Remove(delivery.DeliveryId);
        }
    }

    public Task<IReadOnlyList<Delivery>> LeaseDeliveriesAsync(DeliveryLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        lock (_gate)
        {
            if (!_unsettled.TryGetValue(lease.TenantId, out var ids))
            {
                return Task.FromResult<IReadOnlyList<Delivery>>([]);
            }

            var due = ids.Select(id => _deliveries[(lease.TenantId, id)])
                .Where(d => d.IsLeasable(lease.Now) && lease.Serves(d))
                .OrderBy(d => d.DueAt)
                .Take(lease.Request.Take)
                .ToList();
            IReadOnlyList<Delivery> leased = [.. due.Select(d => _deliveries[(d.TenantId, d.DeliveryId)] = d with
            {
                State = DeliveryState.Sending,
                LeaseOwner = lease.Request.Owner,
                Leases = d.Leases + 1,
                DueAt = lease.Until,
            })];
            return Task.FromResult(leased);
        }
    }

    public Task<Delivery?> ReadDeliveryAsync(string tenantId, string deliveryId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_deliveries.GetValueOrDefault((tenantId, deliveryId)));
        }
    }

    public Task AppendAuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        lock (_gate)
        {
            Chain(entries);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditedEntry>> ReadAuditAsync(string tenantId, AuditFilter filter, AuditCursor after, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(after);
        lock (_gate)
        {
            IReadOnlyList<AuditedEntry> page = _trails.TryGetValue(tenantId, out var trail)
                ? [.. trail.Where(e => e.Sequence > after.AfterSequence(e.Lane) && filter.Matches(e.Entry)).Take(take)]
                : [];
            return Task.FromResult(page);
        }
    }

    public Task<IReadOnlyList<AuditedEntry>> ReadAuditLaneAsync(string tenantId, int lane, long afterSequence, int take, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<AuditedEntry> page = _trails.TryGetValue(tenantId, out var trail)
                ? [.. trail.Where(e => e.Lane == lane && e.Sequence > afterSequence).Take(take)]
                : [];
            return Task.FromResult(page);
        }
    }

    public Task<IReadOnlyList<AuditLaneHead>> ReadAuditLanesAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<AuditLaneHead> lanes = _trails.ContainsKey(tenantId) ? [_starts.GetValueOrDefault(tenantId) ?? AuditLaneHead.Genesis(Lane)] : [];
            return Task.FromResult(lanes);
        }
    }

    public Task<IReadOnlyList<string>> ListAuditTenantsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<string>>([.. _trails.Keys]);
        }
    }

    public Task<long> CutAuditAsync(string tenantId, DateTimeOffset olderThan, int segmentSize, Func<AuditLaneHead, long, AuditEntry> recordCut, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recordCut);
        lock (_gate)
        {
            if (!_trails.TryGetValue(tenantId, out var trail))
            {
                return Task.FromResult(0L);
            }

            // Whole segments, oldest first, while a segment's last entry is older than the limit.
            var first = _starts.GetValueOrDefault(tenantId)?.Sequence ?? 0;
            var through = first;
            while (trail.Find(e => e.Sequence == through + segmentSize) is { } last && last.Entry.At < olderThan)
            {
                through += segmentSize;
            }

            var removed = (int)(through - first);
            if (removed == 0)
            {
                return Task.FromResult(0L);
            }

            var start = new AuditLaneHead(Lane, through, trail[removed - 1].Hash);
            trail.RemoveRange(0, removed);
            _starts[tenantId] = start;
            Chain([recordCut(start, removed)]);
            return Task.FromResult((long)removed);
        }
    }

    /// <summary>Appends to each tenant's chain, in the order given (under the lock).</summary>
    private void Chain(IReadOnlyList<AuditEntry> entries)
    {
        foreach (var tenant in entries.GroupBy(e => e.TenantId, StringComparer.Ordinal))
        {
            if (!_trails.TryGetValue(tenant.Key, out var trail))
            {
                _trails[tenant.Key] = trail = [];
            }

            var head = trail.Count == 0
                ? _starts.GetValueOrDefault(tenant.Key) ?? AuditLaneHead.Genesis(Lane)
                : new AuditLaneHead(Lane, trail[^1].Sequence, trail[^1].Hash);
            trail.AddRange(AuditChain.Append(head, head.Sequence + 1, tenant));
        }
    }

    public Task<StoredPlace?> FindReceivedAsync(NetworkMessageKey key, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_received.TryGetValue(key, out var place) ? new StoredPlace(place.ConversationKey, place.Sequence) : null);
        }
    }

    public Task<StoredState?> LoadConversationAsync(string conversationKey, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_states.GetValueOrDefault(conversationKey));
        }
    }

    public Task<IReadOnlyList<ConversationMessage>> ReadMessagesAsync(
        string conversationKey,
        int afterSequence,
        int throughSequence,
        int take,
        CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_messages.TryGetValue(conversationKey, out var history))
            {
                return Task.FromResult<IReadOnlyList<ConversationMessage>>([]);
            }

            var page = new List<ConversationMessage>(Math.Min(take, history.Count));
            for (var i = FirstAfter(history.Keys, afterSequence); i < history.Count && page.Count < take && history.Keys[i] <= throughSequence; i++)
            {
                page.Add(history.Values[i]);
            }

            return Task.FromResult<IReadOnlyList<ConversationMessage>>(page);
        }
    }

    public Task<IReadOnlyList<QueueItem>> ReadQueueShardAsync(
        string tenantId,
        string teamId,
        int shard,
        QueuePosition? after,
        int take,
        QueueFilter filter,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        lock (_gate)
        {
            // A scan and a sort per read: this profile is for development, where queues are small.
            IReadOnlyList<QueueItem> items = [.. ShardItems(tenantId, teamId, shard)
                .Where(i => (after is not { } cursor || i.Position > cursor) && filter.Matches(i))
                .OrderBy(i => i.Position)
                .Take(take)];
            return Task.FromResult(items);
        }
    }

    public Task<QueueShardCount> CountQueueShardAsync(string tenantId, string teamId, int shard, DateTimeOffset atRiskBy, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            long items = 0, backlog = 0, atRisk = 0;
            foreach (var item in ShardItems(tenantId, teamId, shard))
            {
                items++;
                backlog += item.Status == ConversationStatus.Open ? 1 : 0;
                atRisk += QueueShardCount.IsAtRisk(item, atRiskBy) ? 1 : 0;
            }

            return Task.FromResult(new QueueShardCount(items, backlog, atRisk));
        }
    }

    private IEnumerable<QueueItem> ShardItems(string tenantId, string teamId, int shard) =>
        _open.Values.Where(e => e.TenantId == tenantId && e.TeamId == teamId && e.Shard == shard).Select(e => e.Item);

    public Task<IReadOnlyList<string>> FindDueAsync(DateTimeOffset until, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<string> due = [.. _wakeUps.TakeWhile(w => w.WakeAt <= until).Take(limit).Select(w => w.Key)];
            return Task.FromResult(due);
        }
    }

    public void Erase(string tenantId, IDictionary<string, long> removed)
    {
        lock (_gate)
        {
            bool Conversation(string key) => Tenants.TenantRecords.Belongs(key, tenantId);
            Tenants.TenantRecords.Add(removed, "conversation_messages", _messages.Where(m => Conversation(m.Key)).Sum(m => (long)m.Value.Count));
            Tenants.TenantRecords.RemoveWhere(_messages, Conversation);
            Tenants.TenantRecords.Add(removed, "conversations", Tenants.TenantRecords.RemoveWhere(_states, Conversation));
            _wakeUps.RemoveWhere(w => Conversation(w.Key));
            Tenants.TenantRecords.Add(removed, "open_conversations", Tenants.TenantRecords.RemoveWhere(_open, Conversation));
            Tenants.TenantRecords.Add(removed, "network_messages", Tenants.TenantRecords.RemoveWhere(_received, k => k.TenantId == tenantId));
            Tenants.TenantRecords.Add(removed, "deliveries", Tenants.TenantRecords.RemoveWhere(_deliveries, k => k.TenantId == tenantId));
            _unsettled.Remove(tenantId);
            Tenants.TenantRecords.Add(removed, "audit_entries", _trails.Remove(tenantId, out var trail) ? trail.Count : 0);
            _starts.Remove(tenantId);
        }
    }

    /// <summary>Index of the first key greater than <paramref name="sequence"/> (binary search, so paging stays cheap).</summary>
    private static int FirstAfter(IList<int> keys, int sequence)
    {
        int lo = 0, hi = keys.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (keys[mid] <= sequence)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
