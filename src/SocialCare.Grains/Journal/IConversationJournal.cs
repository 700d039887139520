using SocialCare.Domain.Audit;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Deliveries;
using SocialCare.Domain.Queues;
using SocialCare.Grains.Audit;
using SocialCare.Grains.Abstractions.Audit;

namespace SocialCare.Grains.Journal;

/// <summary>
/// Where conversations are stored: their own state and append-only message history, the
/// open-conversations projection that queue shards rebuild from and the SLA deadline sweeper
/// reads, the delivery outbox, and the audit trail. Four ports for four concerns (each consumer
/// takes the one it needs), one implementation per storage profile, so that a conversation's
/// change (messages, state, queue row, outbox rows, trail entries) is still one write of one
/// group commit. The host picks the implementation with the storage profile.
/// </summary>
public interface IConversationJournal : IConversationStore, IQueueProjection, IDeliveryOutbox, IAuditStore
{
}

/// <summary>
/// A conversation's own state and message history, and the write that stores a whole change.
/// </summary>
public interface IConversationStore
{
    /// <summary>
    /// Stores a change atomically: new messages, the conversation's queue entry and (when given)
    /// its state. Rewriting a message sequence number replaces the row, so numbers left by a
    /// write that never landed are reused. A stale <see cref="ConversationSnapshot.ExpectedVersion"/>
    /// refuses the whole write with <see cref="Orleans.Storage.InconsistentStateException"/>.
    /// </summary>
    Task RecordAsync(JournalWrite write, CancellationToken cancellationToken = default);

    /// <summary>The conversation's stored state, or <see langword="null"/> if it was never stored.</summary>
    Task<StoredState?> LoadConversationAsync(string conversationKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Where a customer's message with this network key is stored (<see cref="JournalWrite.Received"/>):
    /// its conversation and place; null when none is (or it was stored before keys were kept).
    /// </summary>
    Task<StoredPlace?> FindReceivedAsync(NetworkMessageKey key, CancellationToken cancellationToken = default);

    /// <summary>Messages with sequence in (<paramref name="afterSequence"/>, <paramref name="throughSequence"/>], oldest first.</summary>
    Task<IReadOnlyList<ConversationMessage>> ReadMessagesAsync(
        string conversationKey,
        int afterSequence,
        int throughSequence,
        int take,
        CancellationToken cancellationToken = default);
}

/// <summary>
/// The open conversations as queues see them (work order, counts) and as the SLA sweeper sees them (due deadlines).
/// </summary>
public interface IQueueProjection
{
    /// <summary>
    /// Open conversations of one queue shard in work order (<see cref="QueuePosition"/>): those
    /// after <paramref name="after"/> (from the first when <see langword="null"/>) that match
    /// <paramref name="filter"/>, at most <paramref name="take"/>.
    /// </summary>
    Task<IReadOnlyList<QueueItem>> ReadQueueShardAsync(
        string tenantId,
        string teamId,
        int shard,
        QueuePosition? after,
        int take,
        QueueFilter filter,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// How many open conversations one queue shard holds, how many of them wait for the desk
    /// (status open), and how many are at risk: not breached, next deadline at or before
    /// <paramref name="atRiskBy"/>.
    /// </summary>
    Task<QueueShardCount> CountQueueShardAsync(string tenantId, string teamId, int shard, DateTimeOffset atRiskBy, CancellationToken cancellationToken = default);

    /// <summary>Keys of open conversations whose next SLA deadline is at or before <paramref name="until"/>, earliest first.</summary>
    Task<IReadOnlyList<string>> FindDueAsync(DateTimeOffset until, int limit, CancellationToken cancellationToken = default);
}

/// <summary>
/// Replies and retractions on their way to the networks: leased to senders, read by id.
/// </summary>
public interface IDeliveryOutbox
{
    /// <summary>
    /// Hands due deliveries to a sender: pending ones whose time has come and sending ones whose
    /// lease ran out (their sender died or hung), earliest first, each now leased to
    /// the sender (<see cref="DeliveryLease.Request"/>) until <see cref="DeliveryLease.Until"/>. Concurrent
    /// calls never receive the same delivery while its lease runs.
    /// </summary>
    Task<IReadOnlyList<Delivery>> LeaseDeliveriesAsync(DeliveryLease lease, CancellationToken cancellationToken = default);

    /// <summary>A delivery's outbox row, or <see langword="null"/> if the tenant has none by that id.</summary>
    Task<Delivery?> ReadDeliveryAsync(string tenantId, string deliveryId, CancellationToken cancellationToken = default);
}

/// <summary>
/// Each tenant's tamper-evident trail: appended with the change it records, read, verified and cut by retention.
/// </summary>
public interface IAuditStore
{
    /// <summary>
    /// Appends entries to their tenants' audit chains on their own (a refused call changes
    /// nothing else). A change's entries travel with it instead (<see cref="JournalWrite.Audit"/>,
    /// <see cref="AuditScope"/>).
    /// </summary>
    Task AppendAuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>
    /// A tenant's next entries after <paramref name="after"/> that match <paramref name="filter"/>,
    /// in the order they were written (by position, each lane in its own order).
    /// </summary>
    Task<IReadOnlyList<AuditedEntry>> ReadAuditAsync(string tenantId, AuditFilter filter, AuditCursor after, int take, CancellationToken cancellationToken = default);

    /// <summary>One lane of a tenant's chain after <paramref name="afterSequence"/>, in chain order (for verification).</summary>
    Task<IReadOnlyList<AuditedEntry>> ReadAuditLaneAsync(string tenantId, int lane, long afterSequence, int take, CancellationToken cancellationToken = default);

    /// <summary>A tenant's lanes, each with where its stored entries begin (after retention's last cut, or the genesis).</summary>
    Task<IReadOnlyList<AuditLaneHead>> ReadAuditLanesAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>Tenants that have a trail.</summary>
    Task<IReadOnlyList<string>> ListAuditTenantsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Retention: removes each lane's oldest entries in whole segments of <paramref name="segmentSize"/>
    /// (a segment goes once its last entry is older than <paramref name="olderThan"/>) and appends
    /// <paramref name="recordCut"/>'s entry for each lane cut, in one transaction.
    /// </summary>
    /// <returns>How many entries were removed (0 when no whole segment was old enough).</returns>
    Task<long> CutAuditAsync(string tenantId, DateTimeOffset olderThan, int segmentSize, Func<AuditLaneHead, long, AuditEntry> recordCut, CancellationToken cancellationToken = default);

}
