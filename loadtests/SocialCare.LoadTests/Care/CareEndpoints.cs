using Grpc.Net.Client;
using SocialCare.Contracts;

namespace SocialCare.LoadTests.Care;

/// <summary>
/// The deployment under test: one gRPC channel per endpoint (one per silo), handed out round
/// robin by arrival number so load spreads evenly over the silos as a connector fleet would.
/// </summary>
internal sealed class CareEndpoints : IDisposable
{
    private readonly GrpcChannel[] _channels;

    /// <param name="credential">Sent with every call (see <see cref="RunAccess"/>).</param>
    public CareEndpoints(IReadOnlyList<Uri> endpoints, TimeSpan requestTimeout, CareCredential credential)
    {
        if (endpoints.Count == 0)
        {
            throw new ArgumentException("At least one endpoint is needed.", nameof(endpoints));
        }

        RequestTimeout = requestTimeout;
        Endpoints = endpoints;
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

    public GrpcChannel For(long arrival) => _channels[(int)(arrival % _channels.Length)];

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
