using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;

namespace SocialCare.LoadTests.Care;

/// <summary>
/// Mentions sent over long-lived <c>IngestMentions</c> streams, as a connector would: a few
/// streams per endpoint, each with one writer loop (a gRPC request stream takes one write at a
/// time) and one reader matching responses to requests by correlation id. A rejection in a
/// response becomes the same <see cref="RpcException"/> a unary call would have thrown, and a
/// broken stream fails what it had in flight and is opened again for the next mention.
/// </summary>
internal sealed class StreamingIngest : IAsyncDisposable
{
    private readonly CareEndpoints _endpoints;
    private readonly IngestStream[] _streams;

    public StreamingIngest(CareEndpoints endpoints, int streamsPerEndpoint)
    {
        _endpoints = endpoints;
        _streams = [.. Enumerable.Range(0, endpoints.Count * Math.Max(1, streamsPerEndpoint)).Select(i => new IngestStream(endpoints, i % endpoints.Count))];
    }

    /// <summary>
    /// Sends on the arrival's stream; if its silo could not be reached, once more with the same
    /// ids on the stream reopened to the next reachable silo (see <see cref="CareEndpoints"/>).
    /// </summary>
    public async Task<Wire.IngestMentionResponse> SendAsync(long arrival, Wire.Mention mention, CancellationToken cancellation)
    {
        var stream = _streams[(int)(arrival % _streams.Length)];
        try
        {
            return await stream.SendAsync(mention, _endpoints.RequestTimeout, cancellation).ConfigureAwait(false);
        }
        catch (RpcException failed) when (CareEndpoints.IsUnreachable(failed))
        {
            return await stream.SendAsync(mention, _endpoints.RequestTimeout, cancellation).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var stream in _streams)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed class IngestStream(CareEndpoints endpoints, int endpoint) : IAsyncDisposable
    {
        private readonly Lock _gate = new();
        private Connection? _connection;
        private long _nextCorrelation;

        public async Task<Wire.IngestMentionResponse> SendAsync(Wire.Mention mention, TimeSpan timeout, CancellationToken cancellation)
        {
            var connection = Current();
            var correlation = Interlocked.Increment(ref _nextCorrelation).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var answer = new TaskCompletionSource<Wire.IngestMentionsResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
            connection.Pending[correlation] = answer;
            if (!connection.Outbox.Writer.TryWrite(new Wire.IngestMentionsRequest { CorrelationId = correlation, Mention = mention }))
            {
                connection.Pending.TryRemove(correlation, out _);
                throw new RpcException(new Status(StatusCode.Unavailable, "The ingest stream closed before the mention was sent."));
            }

            Wire.IngestMentionsResponse response;
            try
            {
                response = await answer.Task.WaitAsync(timeout, cancellation).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                connection.Pending.TryRemove(correlation, out _);
                throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"No response on the ingest stream within {timeout}."));
            }

            return response.OutcomeCase == Wire.IngestMentionsResponse.OutcomeOneofCase.Accepted
                ? response.Accepted
                : throw new RpcException(new Status((StatusCode)response.Rejected.Code, response.Rejected.Message));
        }

        public async ValueTask DisposeAsync()
        {
            Connection? connection;
            lock (_gate)
            {
                connection = _connection;
                _connection = null;
            }

            if (connection is not null)
            {
                await connection.CloseAsync().ConfigureAwait(false);
            }
        }

        private Connection Current()
        {
            lock (_gate)
            {
                if (_connection is null || _connection.Broken)
                {
                    var reachable = endpoints.Pick(endpoint);
                    _connection = new Connection(
                        new Wire.IngestService.IngestServiceClient(endpoints.For(reachable)).IngestMentions(),
                        failure => endpoints.Unreachable(reachable));
                }

                return _connection;
            }
        }
    }

    private sealed class Connection
    {
        private readonly AsyncDuplexStreamingCall<Wire.IngestMentionsRequest, Wire.IngestMentionsResponse> _call;
        private readonly Task _writing;
        private readonly Task _reading;

        private readonly Action<RpcException> _unreachable;
        private volatile bool _closing;

        /// <param name="unreachable">Told when the stream broke because its silo could not be reached.</param>
        public Connection(AsyncDuplexStreamingCall<Wire.IngestMentionsRequest, Wire.IngestMentionsResponse> call, Action<RpcException> unreachable)
        {
            _call = call;
            _unreachable = unreachable;
            _writing = Task.Run(WriteAsync);
            _reading = Task.Run(ReadAsync);
        }

        public Channel<Wire.IngestMentionsRequest> Outbox { get; } = Channel.CreateUnbounded<Wire.IngestMentionsRequest>(new UnboundedChannelOptions { SingleReader = true });

        public ConcurrentDictionary<string, TaskCompletionSource<Wire.IngestMentionsResponse>> Pending { get; } = new(StringComparer.Ordinal);

        public bool Broken { get; private set; }

        public async Task CloseAsync()
        {
            // The stream ends because the run does: no silo is to blame for it.
            _closing = true;
            Outbox.Writer.TryComplete();
            await _writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await _reading.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _call.Dispose();
        }

        private async Task WriteAsync()
        {
            try
            {
                await foreach (var request in Outbox.Reader.ReadAllAsync().ConfigureAwait(false))
                {
                    await _call.RequestStream.WriteAsync(request).ConfigureAwait(false);
                }

                await _call.RequestStream.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception failed) when (failed is RpcException or InvalidOperationException or IOException)
            {
                Fail(failed as RpcException ?? new RpcException(new Status(StatusCode.Unavailable, failed.Message)));
            }
        }

        private async Task ReadAsync()
        {
            try
            {
                await foreach (var response in _call.ResponseStream.ReadAllAsync().ConfigureAwait(false))
                {
                    if (Pending.TryRemove(response.CorrelationId, out var waiting))
                    {
                        waiting.TrySetResult(response);
                    }
                }

                Fail(new RpcException(new Status(StatusCode.Unavailable, "The server ended the ingest stream.")));
            }
            catch (RpcException failed)
            {
                Fail(failed);
            }
        }

        private void Fail(RpcException failure)
        {
            if (!Broken && !_closing && CareEndpoints.IsUnreachable(failure))
            {
                _unreachable(failure);
            }

            Broken = true;
            Outbox.Writer.TryComplete();
            foreach (var correlation in Pending.Keys)
            {
                if (Pending.TryRemove(correlation, out var waiting))
                {
                    waiting.TrySetException(failure);
                }
            }
        }
    }
}
