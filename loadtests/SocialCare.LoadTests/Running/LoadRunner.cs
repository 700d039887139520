using System.Diagnostics;
using SocialCare.LoadTests.Metrics;
using SocialCare.LoadTests.Scheduling;

namespace SocialCare.LoadTests.Running;

/// <summary>How a run is driven, whatever its scenario.</summary>
/// <param name="WarmUp">Played at the flows' opening rates before anything is measured.</param>
/// <param name="MaxInFlight">
/// Requests the client keeps open at once. The open model never waits for an answer before
/// starting the next request; past this many the client counts an arrival as a
/// <c>ClientOverloaded</c> error instead of queueing it, so a stalled server shows as failures,
/// not as a client that quietly slowed down.
/// </param>
/// <param name="DrainTimeout">How long to wait for answers after the last arrival before abandoning them.</param>
internal sealed record RunSettings(TimeSpan WarmUp, int MaxInFlight, TimeSpan DrainTimeout);

/// <summary>What a run measured: every step's totals and its second-by-second timeline.</summary>
/// <param name="Load">The client's side of each measured second: what each flow offered and how much was in flight.</param>
internal sealed record RunMeasurements(
    IReadOnlyList<StepMetrics> Steps,
    IReadOnlyDictionary<string, IReadOnlyList<IntervalSample>> Timeline,
    TimeSpan MeasuredDuration,
    long Abandoned)
{
    public IReadOnlyList<LoadSecond> Load { get; init; } = [];
}

/// <summary>
/// One measured second from the client's side: the arrivals each flow was due to start (offered,
/// whether or not the client could start them) and the requests open when the second ended.
/// Offered against answered is how a report shows a server falling behind.
/// </summary>
internal sealed record LoadSecond(double SinceStartSeconds, long InFlight, IReadOnlyDictionary<string, long> Offered);

/// <summary>Where a run stands, once a second, for the live table.</summary>
internal sealed record RunProgress(TimeSpan Elapsed, TimeSpan Planned, bool WarmingUp, long InFlight, IReadOnlyList<(StepMetrics Step, IntervalSample LastSecond)> Steps);

/// <summary>
/// Plays flows on the open model: every flow's arrivals are dispatched at their scheduled
/// moments on their own loop, each request on the thread pool, none waiting for another.
/// </summary>
internal sealed class LoadRunner(IReadOnlyList<LoadFlow> flows, RunSettings settings)
{
    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(1);
    private readonly StepRecorder _steps = new();
    private readonly Dictionary<string, List<IntervalSample>> _timeline = new(StringComparer.Ordinal);
    private readonly List<LoadSecond> _load = [];
    private readonly long[] _offeredThisInterval = new long[flows.Count];
    private long _inFlight;

    /// <summary>The longest flow plus the warm-up.</summary>
    public TimeSpan Planned => settings.WarmUp + flows.Max(f => f.Rate.Duration);

    public async Task<RunMeasurements> RunAsync(Action<RunProgress>? everySecond, CancellationToken cancellation)
    {
        using var requests = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var start = Stopwatch.GetTimestamp();
        using var collecting = new CancellationTokenSource();
        var collector = CollectAsync(start, everySecond, collecting.Token);

        await Task.WhenAll(flows.Select((flow, i) => Task.Run(() => DispatchAsync(flow, i, start, requests.Token), CancellationToken.None))).ConfigureAwait(false);

        var drainUntil = Stopwatch.GetTimestamp() + ToStopwatchTicks(settings.DrainTimeout);
        while (Interlocked.Read(ref _inFlight) > 0 && Stopwatch.GetTimestamp() < drainUntil && !cancellation.IsCancellationRequested)
        {
            await Task.Delay(10, CancellationToken.None).ConfigureAwait(false);
        }

        var abandoned = Interlocked.Read(ref _inFlight);
        await requests.CancelAsync().ConfigureAwait(false);
        var measured = Stopwatch.GetElapsedTime(start) - settings.WarmUp;
        await collecting.CancelAsync().ConfigureAwait(false);
        await collector.ConfigureAwait(false);
        Collect(start, everySecond, final: true);
        return new RunMeasurements(
            _steps.All,
            _timeline.ToDictionary(p => p.Key, p => (IReadOnlyList<IntervalSample>)p.Value, StringComparer.Ordinal),
            measured > TimeSpan.Zero ? measured : TimeSpan.Zero,
            abandoned)
        {
            Load = _load,
        };
    }

    private async Task DispatchAsync(LoadFlow flow, int flowIndex, long start, CancellationToken cancellation)
    {
        var rate = new WarmUpRate(flow.Rate, settings.WarmUp);
        var index = 0L;
        foreach (var offset in ArrivalSchedule.Arrivals(rate))
        {
            if (cancellation.IsCancellationRequested)
            {
                return;
            }

            var due = start + ToStopwatchTicks(offset);
            var early = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (early > TimerSlack)
            {
                await Task.Delay(early, cancellation).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            var call = new FlowCall(index++, due, offset < settings.WarmUp, _steps, cancellation);
            if (!call.WarmUp)
            {
                Interlocked.Increment(ref _offeredThisInterval[flowIndex]);
            }

            if (Interlocked.Increment(ref _inFlight) > settings.MaxInFlight)
            {
                Interlocked.Decrement(ref _inFlight);
                _steps[flow.Name].Record(call.WarmUp, OutcomeKind.Error, "ClientOverloaded", TimeSpan.Zero);
                continue;
            }

            _ = Task.Run(() => ActAsync(flow, call), CancellationToken.None);
        }
    }

    private async Task ActAsync(LoadFlow flow, FlowCall call)
    {
        try
        {
            await flow.Act(call).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (call.Cancellation.IsCancellationRequested)
        {
            // Abandoned at the end of the drain; counted there.
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task CollectAsync(long start, Action<RunProgress>? everySecond, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                Collect(start, everySecond, final: false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run is over; the caller takes the last interval itself.
        }
    }

    private void Collect(long start, Action<RunProgress>? everySecond, bool final)
    {
        var elapsed = Stopwatch.GetElapsedTime(start);
        var warmingUp = elapsed < settings.WarmUp && !final;
        var latest = new List<(StepMetrics, IntervalSample)>();
        foreach (var step in _steps.All)
        {
            var sample = step.TakeInterval(elapsed - settings.WarmUp);
            latest.Add((step, sample));
            if (!warmingUp && (sample.Ok + sample.Expected + sample.Errors > 0 || !final))
            {
                if (!_timeline.TryGetValue(step.Name, out var samples))
                {
                    _timeline[step.Name] = samples = [];
                }

                samples.Add(sample);
            }
        }

        var offered = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < flows.Count; i++)
        {
            offered[flows[i].Name] = Interlocked.Exchange(ref _offeredThisInterval[i], 0);
        }

        // The final sample is taken after the drain: its in-flight count is what was abandoned.
        if (!warmingUp)
        {
            _load.Add(new LoadSecond((elapsed - settings.WarmUp).TotalSeconds, Interlocked.Read(ref _inFlight), offered));
        }

        everySecond?.Invoke(new RunProgress(elapsed, Planned, warmingUp, Interlocked.Read(ref _inFlight), latest));
    }

    private static long ToStopwatchTicks(TimeSpan span) => (long)(span.Ticks * (Stopwatch.Frequency / (double)TimeSpan.TicksPerSecond));
}

/// <summary>
/// The warm-up played at the flow's mean rate, then the flow itself. Not its opening rate: a week
/// opens on Monday night, so warming up at Monday 00:00's trickle would leave connections,
/// activations and JIT cold for the daytime peak the run is about.
/// </summary>
internal sealed record WarmUpRate(IArrivalRate Inner, TimeSpan WarmUp) : IArrivalRate
{
    private static readonly TimeSpan MeanStep = TimeSpan.FromMilliseconds(10);

    private readonly double _mean = MeanOf(Inner);

    public TimeSpan Duration => WarmUp + Inner.Duration;

    public double PerSecondAt(TimeSpan sinceStart) =>
        sinceStart < WarmUp ? _mean : Inner.PerSecondAt(sinceStart - WarmUp);

    /// <summary>The rate's average over its duration (0 for an empty one).</summary>
    public static double MeanOf(IArrivalRate rate)
    {
        ArgumentNullException.ThrowIfNull(rate);
        if (rate.Duration <= TimeSpan.Zero)
        {
            return 0;
        }

        var total = 0.0;
        var steps = 0L;
        for (var at = TimeSpan.Zero; at < rate.Duration; at += MeanStep)
        {
            total += rate.PerSecondAt(at);
            steps++;
        }

        return total / steps;
    }
}
