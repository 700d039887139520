namespace SocialCare.Grains.Queues;

/// <summary>Which shard of its team's queue a conversation lives in: a stable hash of its id.</summary>
public static class QueueSharding
{
    public static int ShardOf(string conversationId, int shards)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        // FNV-1a: string.GetHashCode is randomised per process, and every silo must agree.
        var hash = 2166136261u;
        foreach (var c in conversationId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)shards);
    }
}
