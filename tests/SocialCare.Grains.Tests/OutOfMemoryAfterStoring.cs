using SocialCare.Domain.Audit;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Deliveries;
using SocialCare.Domain.Queues;
using SocialCare.Grains.Abstractions.Audit;
using SocialCare.Grains.Journal;

namespace SocialCare.Grains.Tests;

/// <summary>
/// The test cluster's journal: the in-memory one, except that a write holding a message whose
/// text carries <see cref="Marker"/> is stored and then fails with an OutOfMemoryException, once
/// per message, as a silo that runs out of memory just after its commit would. The caller never
/// hears that the message was stored; its retry must find it stored once.
/// </summary>
internal sealed class OutOfMemoryAfterStoring(InMemoryConversationJournal journal) : IConversationJournal, Tenants.IInMemoryTenantData
{
    public const string Marker = "[the silo runs out of memory after storing this]";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _failed = new(StringComparer.Ordinal);

    public void Erase(string tenantId, IDictionary<string, long> removed) => journal.Erase(tenantId, removed);

    public async Task RecordAsync(JournalWrite write, CancellationToken cancellationToken = default)
    {
        await journal.RecordAsync(write, cancellationToken);
        foreach (var message in write.NewMessages)
        {
            if (message.Text.Contains(Marker, StringComparison.Ordinal) && _failed.TryAdd($"{write.ConversationKey}/{message.MessageId}", true))
            {
                throw new OutOfMemoryException("Out of memory after the write was stored (test journal).");
            }
        }
    }

    public Task<StoredState?> LoadConversationAsync(string conversationKey, CancellationToken cancellationToken = default) =>
        journal.LoadConversationAsync(conversationKey, cancellationToken);

    public Task<StoredPlace?> FindReceivedAsync(NetworkMessageKey key, CancellationToken cancellationToken = default) =>
        journal.FindReceivedAsync(key, cancellationToken);

    public Task<IReadOnlyList<ConversationMessage>> ReadMessagesAsync(string conversationKey, int afterSequence, int throughSequence, int take, CancellationToken cancellationToken = default) =>
        journal.ReadMessagesAsync(conversationKey, afterSequence, throughSequence, take, cancellationToken);

    public Task<IReadOnlyList<QueueItem>> ReadQueueShardAsync(string tenantId, string teamId, int shard, QueuePosition? after, int take, QueueFilter filter, CancellationToken cancellationToken = default) =>
        journal.ReadQueueShardAsync(tenantId, teamId, shard, after, take, filter, cancellationToken);

    public Task<QueueShardCount> CountQueueShardAsync(string tenantId, string teamId, int shard, DateTimeOffset atRiskBy, CancellationToken cancellationToken = default) =>
        journal.CountQueueShardAsync(tenantId, teamId, shard, atRiskBy, cancellationToken);

    public Task<IReadOnlyList<string>> FindDueAsync(DateTimeOffset until, int limit, CancellationToken cancellationToken = default) =>
        journal.FindDueAsync(until, limit, cancellationToken);

    public Task<IReadOnlyList<Delivery>> LeaseDeliveriesAsync(DeliveryLease lease, CancellationToken cancellationToken = default) =>
        journal.LeaseDeliveriesAsync(lease, cancellationToken);

    public Task<Delivery?> ReadDeliveryAsync(string tenantId, string deliveryId, CancellationToken cancellationToken = default) =>
        journal.ReadDeliveryAsync(tenantId, deliveryId, cancellationToken);

    public Task AppendAuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default) =>
        journal.AppendAuditAsync(entries, cancellationToken);

    public Task<IReadOnlyList<AuditedEntry>> ReadAuditAsync(string tenantId, AuditFilter filter, AuditCursor after, int take, CancellationToken cancellationToken = default) =>
        journal.ReadAuditAsync(tenantId, filter, after, take, cancellationToken);

    public Task<IReadOnlyList<AuditedEntry>> ReadAuditLaneAsync(string tenantId, int lane, long afterSequence, int take, CancellationToken cancellationToken = default) =>
        journal.ReadAuditLaneAsync(tenantId, lane, afterSequence, take, cancellationToken);

    public Task<IReadOnlyList<AuditLaneHead>> ReadAuditLanesAsync(string tenantId, CancellationToken cancellationToken = default) =>
        journal.ReadAuditLanesAsync(tenantId, cancellationToken);

    public Task<IReadOnlyList<string>> ListAuditTenantsAsync(CancellationToken cancellationToken = default) =>
        journal.ListAuditTenantsAsync(cancellationToken);

    public Task<long> CutAuditAsync(string tenantId, DateTimeOffset olderThan, int segmentSize, Func<AuditLaneHead, long, AuditEntry> recordCut, CancellationToken cancellationToken = default) =>
        journal.CutAuditAsync(tenantId, olderThan, segmentSize, recordCut, cancellationToken);
}
