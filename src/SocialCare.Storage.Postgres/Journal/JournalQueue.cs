using System.Threading.Channels;

namespace SocialCare.Storage.Postgres.Journal;

/// <summary>
/// The hand-off the journal's group commit and read group share: callers add pending work, and a
/// fixed number of loops take it out in groups. Disposing refuses new work, lets the loops finish
/// what was added, and waits for them.
/// </summary>
internal sealed class JournalQueue<T> : IAsyncDisposable
{
    private readonly Channel<T> _pending = Channel.CreateUnbounded<T>();
    private readonly string _owner;
    private readonly Task[] _loops;

    /// <param name="owner">Named in the refusal once the journal is shutting down.</param>
    /// <param name="loops">Groups in flight at once.</param>
    /// <param name="serve">One loop: reads groups until the queue is completed and drained.</param>
    public JournalQueue(string owner, int loops, Func<ChannelReader<T>, Task> serve)
    {
        ArgumentNullException.ThrowIfNull(serve);
        _owner = owner;
        _loops = [.. Enumerable.Range(0, loops).Select(_ => Task.Run(() => serve(_pending.Reader)))];
    }

    /// <summary>Queues work for the next group; once the journal is shutting down, the failure to hand its caller.</summary>
    public Exception? Add(T item) =>
        _pending.Writer.TryWrite(item) ? null : new ObjectDisposedException(_owner, "The journal is shutting down.");

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await Task.WhenAll(_loops).ConfigureAwait(false);
    }
}
