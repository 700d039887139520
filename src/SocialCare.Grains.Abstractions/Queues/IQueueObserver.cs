namespace SocialCare.Grains.Abstractions.Queues;

/// <summary>A live watcher of queue shards (an agent console's WatchQueue stream).</summary>
public interface IQueueObserver : IGrainObserver
{
    [Orleans.Concurrency.OneWay]
    Task OnQueueChangedAsync(QueueChange change);
}
