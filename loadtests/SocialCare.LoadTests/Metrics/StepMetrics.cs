using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using HdrHistogram;

namespace SocialCare.LoadTests.Metrics;

/// <summary>How one request of a step ended.</summary>
internal enum OutcomeKind
{
    /// <summary>Answered OK; its latency counts.</summary>
    Ok,

    /// <summary>
    /// A refusal a real care desk meets in normal work and handles (another agent claimed the
    /// conversation first); counted by status, neither an error nor a latency sample.
    /// </summary>
    Expected,

    /// <summary>A failure: an error status, a deadline, or a request the client could not start.</summary>
    Error,
}

/// <summary>
/// One step's measurements (ingest, list_queue, claim, ...). Latencies of OK answers go to an
/// HdrHistogram recorder, which many request tasks may write at once; a collector takes an
/// interval histogram every second for the timeline and merges it into the whole-run histogram.
/// Failed requests' latencies go to a recorder of their own: a deadline at 10 s or a refusal in
/// 1 ms must neither hide among the OK answers nor be missing from the report.
/// Warm-up requests are only counted, never merged into the results.
/// </summary>
internal sealed class StepMetrics
{
    /// <summary>Latencies are recorded in microseconds, from 1 µs to 10 minutes at 3 significant digits.</summary>
    public const long HighestTrackableMicroseconds = 600_000_000;

    private readonly Recorder _latency = NewRecorder();
    private readonly Recorder _failedLatency = NewRecorder();
    private readonly ConcurrentDictionary<string, long> _statuses = new(StringComparer.Ordinal);
    private readonly LongHistogram _total = NewHistogram();
    private readonly LongHistogram _failedTotal = NewHistogram();
    private readonly Lock _intervalErrorsLock = new();
    private Dictionary<string, long> _intervalErrors = new(StringComparer.Ordinal);
    private HistogramBase? _recycled;
    private HistogramBase? _failedRecycled;
    private long _errorsThisInterval;
    private long _expectedThisInterval;
    private long _warmUpRequests;
    private long _expected;
    private long _errors;

    public StepMetrics(string name) => Name = name;

    public string Name { get; }

    public long WarmUpRequests => Interlocked.Read(ref _warmUpRequests);

    /// <summary>Measured requests that met a normal refusal (see <see cref="OutcomeKind.Expected"/>).</summary>
    public long Expected => Interlocked.Read(ref _expected);

    /// <summary>Measured requests that failed.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>The measured requests' latency, merged from every interval taken so far.</summary>
    public HistogramBase Total => _total;

    /// <summary>The measured failed requests' latency (errors only, not expected refusals), merged likewise.</summary>
    public HistogramBase FailedTotal => _failedTotal;

    public IReadOnlyDictionary<string, long> StatusCounts => new SortedDictionary<string, long>(_statuses, StringComparer.Ordinal);

    public static LongHistogram NewHistogram() => new(HighestTrackableMicroseconds, 3);

    public void Record(bool warmUp, OutcomeKind kind, string status, TimeSpan latency)
    {
        if (warmUp)
        {
            Interlocked.Increment(ref _warmUpRequests);
            return;
        }

        _statuses.AddOrUpdate(status, 1, static (_, n) => n + 1);
        switch (kind)
        {
            case OutcomeKind.Ok:
                _latency.RecordValue(Microseconds(latency));
                break;
            case OutcomeKind.Expected:
                Interlocked.Increment(ref _expected);
                Interlocked.Increment(ref _expectedThisInterval);
                break;
            default:
                Interlocked.Increment(ref _errors);
                Interlocked.Increment(ref _errorsThisInterval);
                _failedLatency.RecordValue(Microseconds(latency));
                lock (_intervalErrorsLock)
                {
                    _intervalErrors[status] = _intervalErrors.GetValueOrDefault(status) + 1;
                }

                break;
        }
    }

    /// <summary>
    /// Takes what was recorded since the last call, merges it into <see cref="Total"/> and
    /// summarises it. Called by one collector at a time.
    /// </summary>
    public IntervalSample TakeInterval(TimeSpan sinceStart)
    {
        var interval = _recycled is null ? _latency.GetIntervalHistogram() : _latency.GetIntervalHistogram(_recycled);
        _total.Add(interval);
        var failed = _failedRecycled is null ? _failedLatency.GetIntervalHistogram() : _failedLatency.GetIntervalHistogram(_failedRecycled);
        _failedTotal.Add(failed);
        Dictionary<string, long> errorStatuses;
        lock (_intervalErrorsLock)
        {
            errorStatuses = _intervalErrors;
            _intervalErrors = new Dictionary<string, long>(StringComparer.Ordinal);
        }

        var sample = new IntervalSample(
            sinceStart,
            interval.TotalCount,
            Interlocked.Exchange(ref _expectedThisInterval, 0),
            Interlocked.Exchange(ref _errorsThisInterval, 0),
            LatencySummary.From(interval))
        {
            ErrorStatuses = errorStatuses,
        };
        _recycled = interval;
        _failedRecycled = failed;
        return sample;
    }

    private static long Microseconds(TimeSpan latency) => Math.Clamp((long)(latency.Ticks / 10.0), 1, HighestTrackableMicroseconds);

    private static Recorder NewRecorder() =>
        new(1, HighestTrackableMicroseconds, 3, static (id, lowest, highest, digits) => new LongHistogram(id, lowest, highest, digits));
}

/// <summary>One step's second of a run: how many answered OK and how fast, how many failed and with which status.</summary>
internal sealed record IntervalSample([property: JsonIgnore] TimeSpan SinceStart, long Ok, long Expected, long Errors, LatencySummary Latency)
{
    /// <summary>When the second ended, in seconds since the warm-up ended (negative while warming up).</summary>
    public double SinceStartSeconds => SinceStart.TotalSeconds;

    /// <summary>The second's errors by status (Unavailable, DeadlineExceeded, ClientOverloaded...).</summary>
    public IReadOnlyDictionary<string, long> ErrorStatuses { get; init; } = new Dictionary<string, long>(StringComparer.Ordinal);
}
