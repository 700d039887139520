using System.Globalization;
using SocialCare.Domain.Errors;

namespace SocialCare.Grains.Abstractions;

/// <summary>
/// The silo's last line before running out of memory: while its GC heap is at or above the
/// refusal mark of its limit, new mentions (the gRPC ingest calls and webhook posts) are refused
/// with RESOURCE_EXHAUSTED and a retry-after, so connectors and networks back off and retry,
/// instead of the silo taking work it cannot hold and failing calls with OutOfMemoryException.
/// Refusal ends once the heap is back under the admission mark (shedding's own start), so
/// admission does not flap at one number. Work already acknowledged is never affected; reads,
/// replies and reports go on. The heap is sampled often (a quarter second by default), because
/// openings at full rate fill a small heap within seconds.
/// </summary>
public sealed class MemoryAdmission : IDisposable
{
    /// <summary>How long a refused caller is asked to wait: about the time shedding needs to free a step.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly int _refuseAtPercent;
    private readonly int _admitBelowPercent;
    private readonly Func<(long Used, long Limit)> _measure;
    private readonly Action? _collect;
    private readonly TimeProvider _time;
    private long _collectedAt;
    private readonly ITimer? _sampling;
    private volatile bool _refusing;
    private int _heapPercent;
    private long _limitBytes;
    private long _refusals;

    /// <param name="refuseAtPercent">Heap in use, as a share of the limit, from which new mentions are refused; 100 or more never refuses.</param>
    /// <param name="admitBelowPercent">The share under which they are taken again.</param>
    /// <param name="measure">Heap in use and its limit, in bytes; the GC's own figures when null.</param>
    /// <param name="collect">
    /// A full collection, run at most every <see cref="CollectEvery"/> while refusing (the GC's own
    /// when <paramref name="measure"/> is null too): a refusing silo allocates little, so without
    /// one the garbage of the flood would keep it reading over the mark, refusing for ever, after
    /// shedding has long freed what it holds.
    /// </param>
    public MemoryAdmission(int refuseAtPercent, int admitBelowPercent, TimeSpan sampleEvery, TimeProvider time, Func<(long Used, long Limit)>? measure = null, Action? collect = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _refuseAtPercent = refuseAtPercent;
        _admitBelowPercent = Math.Min(admitBelowPercent, refuseAtPercent);
        _measure = measure ?? MeasureHeap;
        _collect = collect ?? (measure is null ? CollectFully : null);
        _time = time;
        Sample();
        if (sampleEvery > TimeSpan.Zero)
        {
            _sampling = time.CreateTimer(static state => ((MemoryAdmission)state!).Sample(), this, sampleEvery, sampleEvery);
        }
    }

    /// <summary>Whether new mentions are refused now.</summary>
    public bool Refusing => _refusing;

    /// <summary>Heap in use at the last sample, as a percentage of the limit.</summary>
    public int HeapPercent => Volatile.Read(ref _heapPercent);

    /// <summary>How many mentions (or webhook posts) were refused since the silo started.</summary>
    public long Refusals => Interlocked.Read(ref _refusals);

    /// <summary>How often a refusing silo collects fully to see what it really holds.</summary>
    public static readonly TimeSpan CollectEvery = TimeSpan.FromSeconds(2);

    /// <summary>Reads the heap against its limit and decides whether new mentions are taken.</summary>
    public void Sample()
    {
        if (_refusing && _collect is not null && _time.GetElapsedTime(Interlocked.Read(ref _collectedAt)) >= CollectEvery)
        {
            _collect();
            Interlocked.Exchange(ref _collectedAt, _time.GetTimestamp());
        }

        var (used, limit) = _measure();
        if (limit <= 0)
        {
            return;
        }

        var percent = (int)Math.Min(100, used * 100 / limit);
        Volatile.Write(ref _heapPercent, percent);
        Volatile.Write(ref _limitBytes, limit);
        if (!_refusing && percent >= _refuseAtPercent)
        {
            _refusing = true;
        }
        else if (_refusing && percent < _admitBelowPercent)
        {
            _refusing = false;
        }
    }

    /// <summary>Refuses (RESOURCE_EXHAUSTED with <see cref="RetryAfter"/>) while the heap is near its limit.</summary>
    public void Admit()
    {
        if (!TryAdmit())
        {
            throw CareException.Exhausted(Refusal, RetryAfter);
        }
    }

    /// <summary>Whether new work is taken now; a refusal is counted (for callers that answer it their own way, as webhooks do with 503).</summary>
    public bool TryAdmit()
    {
        if (!_refusing)
        {
            return true;
        }

        Interlocked.Increment(ref _refusals);
        return false;
    }

    /// <summary>Why a new mention is refused now, for statuses and readiness.</summary>
    public string Refusal => string.Create(
        CultureInfo.InvariantCulture,
        $"This silo's memory is at {HeapPercent}% of its {Volatile.Read(ref _limitBytes) / 1048576:N0} MB limit: it takes no new mentions until it is back under {_admitBelowPercent}%. Retry after {RetryAfter.TotalSeconds:0} s; nothing already acknowledged is affected.");

    /// <summary>
    /// The GC heap in use and the limit it works within. In use is the larger of the heap's size
    /// at its last collection and what is allocated now: the first alone lags a flood by a whole
    /// collection, and a 256 MB heap ran out between two while it still read under the mark.
    /// </summary>
    private static (long Used, long Limit) MeasureHeap()
    {
        var info = GC.GetGCMemoryInfo();
        return (Math.Max(info.HeapSizeBytes, GC.GetTotalMemory(forceFullCollection: false)), info.TotalAvailableMemoryBytes);
    }

    /// <summary>A blocking, compacting full collection: what is left is what the silo holds.</summary>
    private static void CollectFully() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);

    public void Dispose() => _sampling?.Dispose();

    /// <summary>
    /// Whether <paramref name="failed"/> is an OutOfMemoryException, as thrown or as passed on from
    /// another grain (inside the exception that carries it, or among an aggregate's).
    /// </summary>
    public static bool IsOutOfMemory(Exception? failed)
    {
        for (var e = failed; e is not null; e = e.InnerException)
        {
            if (e is OutOfMemoryException)
            {
                return true;
            }

            if (e is AggregateException many && many.InnerExceptions.Any(IsOutOfMemory))
            {
                return true;
            }
        }

        return false;
    }
}
