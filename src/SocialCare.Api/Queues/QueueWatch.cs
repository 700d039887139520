using System.Threading.Channels;
using SocialCare.Grains.Abstractions.Queues;

namespace SocialCare.Api.Queues;

/// <summary>
/// The observer behind one WatchQueue stream. When a console reads too slowly, the oldest
/// changes are dropped; the shard sequence numbers then show the gap and the console re-reads.
/// </summary>
internal sealed class QueueWatch : IQueueObserver
{
    public const int Capacity = 1024;

    private readonly Channel<QueueChange> _changes = Channel.CreateBounded<QueueChange>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    public ChannelReader<QueueChange> Changes => _changes.Reader;

    public Task OnQueueChangedAsync(QueueChange change)
    {
        _changes.Writer.TryWrite(change);
        return Task.CompletedTask;
    }
}
