using System.Collections.Concurrent;
using Grpc.Net.Client;
using SocialCare.Connectors.Delivery;
using SocialCare.Domain.Conversations;
using SocialCare.LoadTests.Care;
using SocialCare.Testing.Networks;

namespace SocialCare.LoadTests.Bench;

/// <summary>
/// What the delivery row needs: conversations to answer, a stub network on loopback standing in
/// for X, and the built-in connector sending to it. A call posts a reply and completes when the
/// connector's report of it (sent) is stored, so its latency is the whole way out.
/// </summary>
internal sealed class DeliveryBench : IAsyncDisposable
{
    /// <summary>Conversations the replies spread over; one conversation's changes are serial, as one agent's are.</summary>
    public const int Conversations = 512;

    private readonly ConcurrentDictionary<string, TaskCompletionSource<Wire.DeliveryState>> _waiting = new(StringComparer.Ordinal);
    private readonly List<string> _conversations;
    private readonly StubNetwork _network;
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _connector;
    private readonly TimeSpan _timeout;

    private DeliveryBench(List<string> conversations, StubNetwork network, HttpClient http, DeliveryWorker worker, TimeSpan timeout)
    {
        _conversations = conversations;
        _network = network;
        _http = http;
        _timeout = timeout;
        _connector = worker.RunAsync(_stop.Token);
    }

    public static async Task<DeliveryBench> StartAsync(CareEndpoints care, string tenantId, string runId, int maxInFlight, TimeSpan timeout, CancellationToken cancellation)
    {
        var ingest = new Wire.IngestService.IngestServiceClient(care.For(0));
        var conversations = new List<string>(Conversations);
        for (var i = 0; i < Conversations; i++)
        {
            var opened = await ingest.IngestMentionAsync(new Wire.IngestMentionRequest
            {
                Mention = new Wire.Mention
                {
                    TenantId = tenantId,
                    Channel = Wire.Channel.X,
                    NetworkMessageId = $"delivery-bench-{runId}-{i}",
                    Author = new Wire.Author { NetworkUserId = $"delivery-{runId}-{i}", Handle = $"@customer{i}" },
                    Text = "@brand my flight was cancelled, what now?",
                    AccountId = "brand",
                },
            }, deadline: care.Deadline(), cancellationToken: cancellation);
            conversations.Add(opened.Conversation);
        }

        var network = await StubNetwork.StartAsync();
        var http = new HttpClient();
        var settings = new ConnectorSettings
        {
            Sender = $"bench-{runId}",
            MaxInFlight = maxInFlight,
            Networks = new NetworkEndpoints { X = network.X, Graph = network.Graph, Timeout = timeout },
            Accounts = [new ConnectorAccount { Channel = Channel.X, AccountId = "brand", AccessToken = "bench-token" }],
        }.Validated(_ => null);
        DeliveryBench? bench = null;
        var worker = new DeliveryWorker(new Wire.DeliveryService.DeliveryServiceClient(care.For(0)), tenantId, settings, [new XSender(http, settings.Networks, TimeProvider.System)], TimeProvider.System, _ => { })
        {
            Reported = (deliveryId, state) => bench!.Completed(deliveryId, state),
        };
        bench = new DeliveryBench(conversations, network, http, worker, timeout);
        return bench;
    }

    /// <summary>Replies on the <paramref name="index"/>th conversation (in turn) and waits until the reply is sent.</summary>
    public async Task<Wire.DeliveryState> ReplyAndWaitAsync(GrpcChannel channel, long index, CancellationToken cancellation)
    {
        var reply = await new Wire.ConversationService.ConversationServiceClient(channel).PostReplyAsync(new Wire.PostReplyRequest
        {
            Name = _conversations[(int)(index % _conversations.Count)],
            AgentId = "bench-agent",
            Text = $"Sorry about that, rebooking you now ({index}).",
        }, deadline: DateTime.UtcNow + _timeout, cancellationToken: cancellation).ConfigureAwait(false);
        var sent = _waiting.GetOrAdd(reply.Reply.Delivery.DeliveryId, static _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        var state = await sent.Task.WaitAsync(_timeout, cancellation).ConfigureAwait(false);
        _waiting.TryRemove(reply.Reply.Delivery.DeliveryId, out _);
        return state == Wire.DeliveryState.Sent ? state : throw new InvalidOperationException($"Delivery {reply.Reply.Delivery.DeliveryId} ended {state}.");
    }

    private void Completed(string deliveryId, Wire.DeliveryState state)
    {
        if (state is Wire.DeliveryState.Sent or Wire.DeliveryState.Failed)
        {
            _waiting.GetOrAdd(deliveryId, static _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(state);
        }
    }

    /// <summary>Requests the stub network received, for the log.</summary>
    public int Published => _network.Published.Count;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _connector;
        _stop.Dispose();
        _http.Dispose();
        await _network.DisposeAsync();
    }
}
