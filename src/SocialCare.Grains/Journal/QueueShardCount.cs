using SocialCare.Domain.Queues;

namespace SocialCare.Grains.Journal;

/// <summary>A queue shard's counts as the journal has them (see <see cref="IQueueProjection.CountQueueShardAsync"/>).</summary>
/// <param name="Items">Open (unresolved) conversations in the shard: the queue's depth.</param>
/// <param name="Backlog">Those whose status is open: waiting for the desk rather than for the customer.</param>
/// <param name="AtRisk">Those not breached whose next deadline falls by the time asked about.</param>
public sealed record QueueShardCount(long Items, long Backlog, long AtRisk)
{
    /// <summary>
    /// Not breached yet and due by <paramref name="horizon"/> (a deadline just passed but not yet
    /// recorded by the SLA sweep counts: the breach is seconds away).
    /// </summary>
    public static bool IsAtRisk(QueueItem item, DateTimeOffset horizon)
    {
        ArgumentNullException.ThrowIfNull(item);
        return !item.SlaBreached && item.NextDueAt is { } due && due <= horizon;
    }
}
