using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using SocialCare.LoadTests.Metrics;

namespace SocialCare.LoadTests.Running;

/// <summary>
/// The named steps of a run and the one way requests are timed: from a start timestamp to the
/// answer, OK or not, with the gRPC status as the outcome.
/// </summary>
internal sealed class StepRecorder
{
    private readonly ConcurrentDictionary<string, StepMetrics> _steps = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>Steps in the order they first recorded anything, so tables read like the flow.</summary>
    public IReadOnlyList<StepMetrics> All
    {
        get
        {
            lock (_order)
            {
                return [.. _order.Select(name => _steps[name])];
            }
        }
    }

    public StepMetrics this[string name]
    {
        get
        {
            if (_steps.TryGetValue(name, out var known))
            {
                return known;
            }

            lock (_order)
            {
                if (!_steps.TryGetValue(name, out known))
                {
                    known = new StepMetrics(name);
                    _steps[name] = known;
                    _order.Add(name);
                }

                return known;
            }
        }
    }

    /// <summary>
    /// Runs one request of <paramref name="step"/> and records it. Returns the answer, or null
    /// when it failed (already recorded). <paramref name="expected"/> says which refusal codes
    /// are part of normal care-desk work rather than errors.
    /// </summary>
    public async Task<T?> TimeAsync<T>(string step, FlowCall call, long startTimestamp, Func<CancellationToken, Task<T>> request, Func<StatusCode, bool>? expected = null)
        where T : class =>
        (await TryAsync(step, call, startTimestamp, request, expected).ConfigureAwait(false)).Answer;

    /// <summary>As <see cref="TimeAsync"/>, also saying how the request ended, for a flow that reports its own outcome.</summary>
    public async Task<StepAnswer<T>> TryAsync<T>(string step, FlowCall call, long startTimestamp, Func<CancellationToken, Task<T>> request, Func<StatusCode, bool>? expected = null)
        where T : class
    {
        var metrics = this[step];
        try
        {
            var answer = await request(call.Cancellation).ConfigureAwait(false);
            metrics.Record(call.WarmUp, OutcomeKind.Ok, "OK", Stopwatch.GetElapsedTime(startTimestamp));
            return new StepAnswer<T>(answer, OutcomeKind.Ok, "OK");
        }
        catch (RpcException failed) when (!call.Cancellation.IsCancellationRequested)
        {
            var kind = expected?.Invoke(failed.StatusCode) == true ? OutcomeKind.Expected : OutcomeKind.Error;
            metrics.Record(call.WarmUp, kind, failed.StatusCode.ToString(), Stopwatch.GetElapsedTime(startTimestamp));
            return new StepAnswer<T>(null, kind, failed.StatusCode.ToString());
        }
        catch (Exception failed) when (failed is not OperationCanceledException && !call.Cancellation.IsCancellationRequested)
        {
            // Anything that is not a gRPC status (a broken stream, a refused connection before
            // HTTP/2 started) still counts, by its type, rather than ending the run.
            metrics.Record(call.WarmUp, OutcomeKind.Error, failed.GetType().Name, Stopwatch.GetElapsedTime(startTimestamp));
            return new StepAnswer<T>(null, OutcomeKind.Error, failed.GetType().Name);
        }
    }
}

/// <summary>A step's answer (null unless OK), how it ended, and its status.</summary>
internal sealed record StepAnswer<T>(T? Answer, OutcomeKind Outcome, string Status)
    where T : class;
