using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using SocialCare.Contracts;

namespace SocialCare.LoadTests.Care;

/// <summary>
/// The deployment under test: one gRPC channel per endpoint (one per silo), handed out round
/// robin by arrival number so load spreads evenly over the silos as a connector fleet would.
/// An endpoint that cannot be reached (its silo was killed, or is stopping) is passed over for a
/// while, doubling from a quarter second to 5 s while it stays unreachable, and a call that could
/// not reach its silo is sent once more, with the same ids, to the next one: as a connector
/// fleet behind a load balancer, a dead silo costs the seconds of its outage, not the rest of
/// the run.
/// </summary>
internal sealed class CareEndpoints : IDisposable
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(5);

    private readonly GrpcChannel[] _channels;

    /// <summary>Per endpoint: the Stopwatch timestamp until which it is passed over, and its unreachable calls in a row.</summary>
    private readonly long[] _passedOverUntil;
    private readonly int[] _unreachableInARow;

    /// <param name="credential">Sent with every call (see <see cref="RunAccess"/>).</param>
    public CareEndpoints(IReadOnlyList<Uri> endpoints, TimeSpan requestTimeout, CareCredential credential)
    {
        if (endpoints.Count == 0)
        {
            throw new ArgumentException("At least one endpoint is needed.", nameof(endpoints));
        }

        RequestTimeout = requestTimeout;
        Endpoints = endpoints;
        _passedOverUntil = new long[endpoints.Count];
        _unreachableInARow = new int[endpoints.Count];
        _channels =
        [
            .. endpoints.Select(endpoint => GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions
            {
                HttpHandler = credential.Over(new SocketsHttpHandler
                {
                    // One HTTP/2 connection caps a client at its stream limit (100 by default);
                    // a load client needs more than one connection per silo under a backlog.
                    EnableMultipleHttp2Connections = true,
                    PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                    KeepAlivePingDelay = TimeSpan.FromSeconds(30),
                }),
            })),
        ];
    }

    public IReadOnlyList<Uri> Endpoints { get; }

    public TimeSpan RequestTimeout { get; }

    public int Count => _channels.Length;

    public GrpcChannel For(long arrival) => _channels[Pick(arrival)];

    /// <summary>Calls the silo whose channel this is: the endpoint arrival round robin names, or the next reachable one.</summary>
    public int Pick(long arrival)
    {
        var first = (int)(arrival % _channels.Length);
        var now = Stopwatch.GetTimestamp();
        for (var k = 0; k < _channels.Length; k++)
        {
            var candidate = (first + k) % _channels.Length;
            if (Volatile.Read(ref _passedOverUntil[candidate]) <= now)
            {
                return candidate;
            }
        }

        // Every silo seems down: keep trying the one arrival names rather than failing without a call.
        return first;
    }

    /// <summary>
    /// Makes <paramref name="call"/> on a reachable endpoint; if it could not reach its silo, once
    /// more on the next reachable one. Only for calls that are safe to send twice (ingest and
    /// replies carry their own ids; reads, claims and resolves change nothing the second time).
    /// </summary>
    public async Task<T> CallAsync<T>(long arrival, Func<GrpcChannel, Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var endpoint = Pick(arrival);
        try
        {
            var answer = await call(_channels[endpoint]).ConfigureAwait(false);
            Reached(endpoint);
            return answer;
        }
        catch (RpcException failed) when (IsUnreachable(failed))
        {
            Unreachable(endpoint);
            var next = Pick(endpoint + 1);
            if (next == endpoint)
            {
                throw;
            }

            var answer = await call(_channels[next]).ConfigureAwait(false);
            Reached(next);
            return answer;
        }
    }

    /// <summary>The silo could not be reached, or dropped the call as it died or stopped; a refusal with a retry-after is an answer, not this.</summary>
    public static bool IsUnreachable(RpcException failed)
    {
        ArgumentNullException.ThrowIfNull(failed);
        return failed.StatusCode switch
        {
            StatusCode.Unavailable => failed.Trailers.GetValue("grpc-retry-pushback-ms") is null,
            StatusCode.Internal => failed.Status.DebugException is HttpRequestException or IOException,
            _ => false,
        };
    }

    /// <summary>Pass the endpoint over for a while: a quarter second, doubling while it stays unreachable, at most 5 s.</summary>
    public void Unreachable(int endpoint)
    {
        var inARow = Math.Min(Interlocked.Increment(ref _unreachableInARow[endpoint]), 16);
        var pause = TimeSpan.FromTicks(Math.Min(LongestPause.Ticks, FirstPause.Ticks << (inARow - 1)));
        Volatile.Write(ref _passedOverUntil[endpoint], Stopwatch.GetTimestamp() + (long)(pause.TotalSeconds * Stopwatch.Frequency));
    }

    public void Reached(int endpoint)
    {
        if (Volatile.Read(ref _unreachableInARow[endpoint]) != 0)
        {
            Volatile.Write(ref _unreachableInARow[endpoint], 0);
        }
    }

    /// <summary>Each request carries this deadline, so a stuck call ends as DeadlineExceeded rather than hanging the run.</summary>
    public DateTime Deadline() => DateTime.UtcNow + RequestTimeout;

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}
