namespace SocialCare.Domain.Queues;

/// <summary>Merges the heads of several queue shards, each already in work order.</summary>
public static class QueueMerge
{
    public static List<QueueItem> TakeInOrder(IEnumerable<IReadOnlyList<QueueItem>> shards, int count)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var heads = new PriorityQueue<(IReadOnlyList<QueueItem> Shard, int Index), QueuePosition>();
        foreach (var shard in shards)
        {
            if (shard.Count > 0)
            {
                heads.Enqueue((shard, 0), shard[0].Position);
            }
        }

        var merged = new List<QueueItem>(count);
        while (merged.Count < count && heads.TryDequeue(out var head, out _))
        {
            merged.Add(head.Shard[head.Index]);
            var next = head.Index + 1;
            if (next < head.Shard.Count)
            {
                heads.Enqueue((head.Shard, next), head.Shard[next].Position);
            }
        }

        return merged;
    }
}
