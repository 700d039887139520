using System.Collections.Concurrent;
using SocialCare.Domain.Knowledge;

namespace SocialCare.Grains.Knowledge;

/// <summary>
/// The development profile's knowledge index: each tenant's most recently resolved conversations
/// (at most <see cref="MaxEntriesPerTenant"/>, the oldest forgotten first, so a long run's memory
/// stays bounded), searched by <see cref="KnowledgeText.Score"/>.
/// </summary>
internal sealed class InMemoryKnowledgeIndex : IKnowledgeIndex, Tenants.IInMemoryTenantData
{
    public const int MaxEntriesPerTenant = 20_000;

    private readonly ConcurrentDictionary<string, TenantEntries> _tenants = new(StringComparer.Ordinal);

    public Task RecordAsync(KnowledgeEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _tenants.GetOrAdd(entry.TenantId, _ => new TenantEntries()).Put(entry);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<KnowledgeHit>> SearchAsync(string tenantId, string text, IReadOnlyList<string> terms, string? teamId, int take, CancellationToken cancellationToken = default)
    {
        if (!_tenants.TryGetValue(tenantId, out var entries))
        {
            return Task.FromResult<IReadOnlyList<KnowledgeHit>>([]);
        }

        IReadOnlyList<KnowledgeHit> hits = [.. entries.Snapshot()
            .Where(e => teamId is null || e.TeamId == teamId)
            .Select(e => new KnowledgeHit(e, KnowledgeText.Score(terms, $"{e.Question}\n{e.Answer}")))
            .Where(h => h.Score > 0)
            .OrderByDescending(h => h.Score)
            .ThenByDescending(h => h.Entry.ResolvedAt)
            .Take(take)];
        return Task.FromResult(hits);
    }

    public void Erase(string tenantId, IDictionary<string, long> removed)
    {
        if (_tenants.TryRemove(tenantId, out var entries))
        {
            Tenants.TenantRecords.Add(removed, "knowledge", entries.Snapshot().Length);
        }
    }

    private sealed class TenantEntries
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<string, LinkedListNode<KnowledgeEntry>> _byConversation = new(StringComparer.Ordinal);
        private readonly LinkedList<KnowledgeEntry> _byAge = new();

        public void Put(KnowledgeEntry entry)
        {
            lock (_lock)
            {
                if (_byConversation.Remove(entry.ConversationId, out var old))
                {
                    _byAge.Remove(old);
                }

                _byConversation[entry.ConversationId] = _byAge.AddLast(entry);
                if (_byAge.Count > MaxEntriesPerTenant)
                {
                    _byConversation.Remove(_byAge.First!.Value.ConversationId);
                    _byAge.RemoveFirst();
                }
            }
        }

        public KnowledgeEntry[] Snapshot()
        {
            lock (_lock)
            {
                return [.. _byAge];
            }
        }
    }
}
