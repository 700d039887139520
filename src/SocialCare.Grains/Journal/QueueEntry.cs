using SocialCare.Domain.Queues;

namespace SocialCare.Grains.Journal;

/// <summary>An open conversation's row in the projection: its shard, its summary and when its SLA next needs a look.</summary>
public sealed record QueueEntry(string TenantId, string TeamId, int Shard, QueueItem Item, DateTimeOffset? WakeAt);
