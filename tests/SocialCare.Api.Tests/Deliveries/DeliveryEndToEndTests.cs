using System.Threading.Channels;
using SocialCare.Connectors.Delivery;
using Network = SocialCare.Domain.Conversations.Channel;
using SocialCare.Testing.Networks;

namespace SocialCare.Api.Tests.Deliveries;

/// <summary>
/// Replies from PostReply to the (stub) network through the real host and the built-in
/// connector's worker: exactly as each channel requires, and through the networks' faults.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DeliveryEndToEndTests(ApiFixture api) : IAsyncLifetime
{
    private StubNetwork _network = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _network = await StubNetwork.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _network.DisposeAsync();
    }

    /// <summary>A running connector for the tenant, and the lines it logs, to wait on.</summary>
    private sealed class RunningConnector(DeliveryWorker worker, Task run, CancellationTokenSource stop, Channel<string> lines) : IAsyncDisposable
    {
        public DeliveryWorker Worker => worker;

        /// <summary>Waits (bounded) for the connector to log a line containing <paramref name="text"/>.</summary>
        public async Task<string> LoggedAsync(string text)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (await lines.Reader.WaitToReadAsync(timeout.Token))
            {
                while (lines.Reader.TryRead(out var line))
                {
                    if (line.Contains(text, StringComparison.Ordinal))
                    {
                        return line;
                    }
                }
            }

            throw new InvalidOperationException($"The connector stopped before logging \"{text}\".");
        }

        /// <summary>Stops it as a kill would: whatever it holds unreported stays leased.</summary>
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await run;
            stop.Dispose();
        }
    }

    /// <summary>
    /// A connector for the tenant. The network timeout is generous unless a test is about
    /// timeouts: on a loaded machine the stub can take seconds to answer, and a send that timed
    /// out is retried on the care clock, which only the test moves, so it would never be sent.
    /// </summary>
    private RunningConnector Start(string tenant, string sender = "connector-1", TimeSpan? networkTimeout = null)
    {
        var settings = new ConnectorSettings
        {
            Sender = sender,
            MaxInFlight = 10,
            Networks = new NetworkEndpoints { X = _network.X, Graph = _network.Graph, Timeout = networkTimeout ?? TimeSpan.FromSeconds(30) },
            Accounts =
            [
                new ConnectorAccount { Channel = Network.X, AccountId = "brand-x", AccessTokenEnvironment = "X_TOKEN" },
                new ConnectorAccount { Channel = Network.Messenger, AccountId = "page-1", AccessToken = "page-token" },
                new ConnectorAccount { Channel = Network.WhatsApp, AccountId = "phone-1", AccessToken = "wa-token" },
            ],
        }.Validated(name => name == "X_TOKEN" ? "x-user-token" : null);
        var senders = NetworkSenders.All(_http, settings.Networks, TimeProvider.System);
        var lines = Channel.CreateUnbounded<string>();
        var worker = new DeliveryWorker(api.Deliveries, tenant, settings, senders, TimeProvider.System, line => lines.Writer.TryWrite(line));
        var stop = new CancellationTokenSource();
        return new RunningConnector(worker, worker.RunAsync(stop.Token), stop, lines);
    }

    private async Task<(string Conversation, Wire.ConversationMessage Reply)> ReplyAsync(string tenant, Wire.Channel channel, string account, Wire.Visibility visibility, string text, string author = "ann")
    {
        var mention = Requests.Mention(tenant, author, "Still waiting for my refund!!", channel);
        mention.AccountId = account;
        mention.Visibility = visibility;
        var opened = await api.Ingest.IngestMentionAsync(Requests.Ingest(mention));
        var replied = await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = opened.Conversation, AgentId = "jd", Text = text, Visibility = visibility });
        return (opened.Conversation, replied.Reply);
    }

    private async Task<Wire.Delivery> DeliveryAsync(string tenant, Wire.ConversationMessage reply) =>
        (await api.Deliveries.GetDeliveryAsync(new Wire.GetDeliveryRequest { Name = $"tenants/{tenant}/deliveries/{reply.Delivery.DeliveryId}" })).Delivery;

    [Fact]
    public async Task Replies_reach_each_network_once_in_its_shape_and_are_marked_sent_with_its_id()
    {
        var tenant = await api.NewTenantAsync();
        await using var connector = Start(tenant);
        var (xConversation, xReply) = await ReplyAsync(tenant, Wire.Channel.X, "brand-x", Wire.Visibility.Public, "Sorry Ann, refund sent today.");
        var (_, dmReply) = await ReplyAsync(tenant, Wire.Channel.Messenger, "page-1", Wire.Visibility.Private, "Here is your refund reference: R-1.", "bob");
        var (_, waReply) = await ReplyAsync(tenant, Wire.Channel.Whatsapp, "phone-1", Wire.Visibility.Private, "Refund R-2 is on its way.", "447700900123");

        foreach (var reply in new[] { xReply, dmReply, waReply })
        {
            await connector.LoggedAsync($"{reply.Delivery.DeliveryId}: Sent");
        }

        Assert.Empty(_network.Malformed);
        Assert.Equal(3, _network.Published.Count);
        var tweet = _network.Published.Single(p => p.Path == "2/tweets");
        Assert.Equal(("Sorry Ann, refund sent today.", "x-user-token"), (tweet.Text, tweet.Token));
        var messenger = _network.Published.Single(p => p.Path == "v23.0/page-1/messages");
        Assert.Equal(("bob", dmReply.Delivery.DeliveryId, "page-token"), (messenger.Body.GetProperty("recipient").GetProperty("id").GetString(), messenger.DeliveryId, messenger.Token));
        var whatsapp = _network.Published.Single(p => p.Path == "v23.0/phone-1/messages");
        Assert.Equal(("447700900123", "Refund R-2 is on its way."), (whatsapp.Body.GetProperty("to").GetString(), whatsapp.Text));

        var shown = (await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = xConversation })).Conversation.Messages.Single(m => m.MessageId == xReply.MessageId);
        Assert.Equal((Wire.DeliveryState.Sent, tweet.Answer), (shown.Delivery.State, shown.Delivery.NetworkMessageId));
        Assert.Equal(tweet.Body.GetProperty("reply").GetProperty("in_reply_to_tweet_id").GetString(), shown.InReplyToId);
    }

    [Fact]
    public async Task Server_errors_and_timeouts_are_retried_and_a_rate_limit_waits_without_counting_a_failure()
    {
        var tenant = await api.NewTenantAsync();
        _network.Inject(
            new NetworkFault.Status(503, "upstream down"),
            new NetworkFault.Hang(TimeSpan.FromSeconds(20)),
            new NetworkFault.Status(429, "{}", new Dictionary<string, string> { ["Retry-After"] = "60" }));
        await using var connector = Start(tenant, networkTimeout: TimeSpan.FromSeconds(2));
        var (_, reply) = await ReplyAsync(tenant, Wire.Channel.X, "brand-x", Wire.Visibility.Public, "Looking into it now.");

        await connector.LoggedAsync($"{reply.Delivery.DeliveryId}: Retryable");
        var afterFirst = await DeliveryAsync(tenant, reply);
        Assert.Equal((Wire.DeliveryState.Pending, 1, "HTTP 503: upstream down"), (afterFirst.State, afterFirst.FailedAttempts, afterFirst.LastError));

        api.Clock.Advance(TimeSpan.FromMinutes(15));
        await connector.LoggedAsync("no answer within 2 s");
        api.Clock.Advance(TimeSpan.FromMinutes(15));
        await connector.LoggedAsync($"{reply.Delivery.DeliveryId}: RateLimited");
        var limited = await DeliveryAsync(tenant, reply);
        Assert.Equal((Wire.DeliveryState.Pending, 2), (limited.State, limited.FailedAttempts));
        Assert.Equal(TimeSpan.FromSeconds(60), limited.DueTime.ToDateTimeOffset() - api.Clock.GetUtcNow());

        api.Clock.Advance(TimeSpan.FromSeconds(61));
        await connector.LoggedAsync($"{reply.Delivery.DeliveryId}: Sent");
        var sent = await DeliveryAsync(tenant, reply);
        Assert.Equal((Wire.DeliveryState.Sent, 4, _network.Published.Single().Answer), (sent.State, sent.Leases, sent.NetworkMessageId));
        Assert.Equal(4, _network.Received);
    }

    [Fact]
    public async Task A_refusal_fails_the_delivery_and_puts_the_conversation_back_with_its_author()
    {
        var tenant = await api.NewTenantAsync();
        _network.Inject(new NetworkFault.Status(403, """{"detail":"You cannot reply to a post that does not mention you.","title":"Forbidden"}"""));
        var (conversation, reply) = await ReplyAsync(tenant, Wire.Channel.X, "brand-x", Wire.Visibility.Public, "We can help!");
        await api.Conversations.ResolveConversationAsync(new Wire.ResolveConversationRequest { Name = conversation, AgentId = "jd" });
        // Started only now: a connector running earlier could report the refusal before the
        // resolution, and the resolution would then (rightly) take the conversation off the queue.
        await using var connector = Start(tenant);

        await connector.LoggedAsync($"{reply.Delivery.DeliveryId}: Rejected");

        var failed = await DeliveryAsync(tenant, reply);
        Assert.Equal(Wire.DeliveryState.Failed, failed.State);
        Assert.Contains("does not mention you", failed.LastError, StringComparison.Ordinal);
        var queue = await api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}" });
        var item = Assert.Single(queue.Items);
        Assert.Equal((conversation, "jd", true), (item.Conversation, item.AssignedAgentId, item.ReplyUndelivered));
        Assert.Empty(_network.Published);
    }

    [Fact]
    public async Task A_connector_stopped_mid_send_loses_nothing_its_lease_runs_out_and_the_next_one_sends()
    {
        var tenant = await api.NewTenantAsync();
        _network.Inject(new NetworkFault.Hang(TimeSpan.FromSeconds(20)));
        var first = Start(tenant, "connector-a");
        var (_, reply) = await ReplyAsync(tenant, Wire.Channel.X, "brand-x", Wire.Visibility.Public, "On it!");
        var held = await Eventually.Get(() => DeliveryAsync(tenant, reply), d => d.State == Wire.DeliveryState.Sending, "connector-a to hold the delivery");
        Assert.Equal("connector-a", held.LeaseOwner);
        // Stopped only once its send is hanging at the network: stopped between its lease and its
        // send, connector-a left the injected hang to connector-b, whose send then timed out and
        // waited for a backoff on the test's clock, which never moved again (two failed runs).
        await Eventually.Get(() => Task.FromResult(_network.Received), n => n >= 1, "connector-a's send to reach the network");
        await first.DisposeAsync();

        // The lease runs out before the second connector starts, so its first lease takes it.
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        await using var second = Start(tenant, "connector-b");
        await second.LoggedAsync($"{reply.Delivery.DeliveryId}: Sent");

        var sent = await DeliveryAsync(tenant, reply);
        Assert.Equal((Wire.DeliveryState.Sent, 2), (sent.State, sent.Leases));
        Assert.Single(_network.Published);
        Assert.Equal(0, first.Worker.Sent);
    }

}
