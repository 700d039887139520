using Microsoft.Extensions.Time.Testing;
using SocialCare.Connectors.Delivery;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Deliveries;
using SocialCare.Testing.Networks;

namespace SocialCare.Connectors.Tests;

/// <summary>The built-in senders against the stub network: the requests each network expects, and every fault read right.</summary>
public sealed class SenderTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly HttpClient _http = new();
    private StubNetwork _network = null!;

    public async Task InitializeAsync() => _network = await StubNetwork.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _network.DisposeAsync();
    }

    /// <summary>Generous: a loaded machine's stub may take seconds, and only the timeout test wants one (<see cref="Impatient"/>).</summary>
    private NetworkEndpoints Endpoints => new() { X = _network.X, Graph = _network.Graph, Timeout = TimeSpan.FromSeconds(30) };

    private NetworkEndpoints Impatient => new() { X = _network.X, Graph = _network.Graph, Timeout = TimeSpan.FromSeconds(2) };

    private static AccountCredential Account(Channel channel, string id = "brand-1") => new() { Channel = channel, AccountId = id, AccessToken = "secret-token-1" };

    private static OutboundReply Reply(Channel channel, Visibility visibility, bool answersPrivate = false) =>
        new("c-1.2", channel, "brand-1", visibility, "17001", "user-9", "We're on it ✈️ ^JD", answersPrivate);

    private XSender X => new(_http, Endpoints, _clock);

    private GraphSender Graph => new(_http, Endpoints, _clock);

    private WhatsAppSender WhatsApp => new(_http, Endpoints, _clock);

    [Fact]
    public async Task X_public_replies_answer_the_post_and_private_ones_are_direct_messages()
    {
        var post = await X.SendAsync(Reply(Channel.X, Visibility.Public), Account(Channel.X), default);
        var dm = await X.SendAsync(Reply(Channel.X, Visibility.Private), Account(Channel.X), default);

        Assert.Equal(DeliveryOutcome.Sent, post.Outcome);
        Assert.Equal(DeliveryOutcome.Sent, dm.Outcome);
        var (tweet, message) = (_network.Published[0], _network.Published[1]);
        Assert.Equal(("2/tweets", "secret-token-1", "We're on it ✈️ ^JD", tweet.Answer), (tweet.Path, tweet.Token, tweet.Text, post.NetworkMessageId));
        Assert.Equal("17001", tweet.Body.GetProperty("reply").GetProperty("in_reply_to_tweet_id").GetString());
        Assert.Equal(("2/dm_conversations/with/user-9/messages", message.Answer), (message.Path, dm.NetworkMessageId));
        Assert.Empty(_network.Malformed);
    }

    [Theory]
    [InlineData(Channel.Facebook, Visibility.Public, false, "v23.0/17001/comments", null)]
    [InlineData(Channel.Instagram, Visibility.Public, false, "v23.0/17001/replies", null)]
    [InlineData(Channel.Facebook, Visibility.Private, false, "v23.0/brand-1/messages", "comment_id")]
    [InlineData(Channel.Instagram, Visibility.Private, false, "v23.0/brand-1/messages", "comment_id")]
    [InlineData(Channel.Instagram, Visibility.Private, true, "v23.0/brand-1/messages", "id")]
    [InlineData(Channel.Messenger, Visibility.Private, true, "v23.0/brand-1/messages", "id")]
    public async Task Graph_replies_go_to_the_comment_or_through_the_send_api_with_the_delivery_id(Channel channel, Visibility visibility, bool answersPrivate, string path, string? recipientField)
    {
        var sent = await Graph.SendAsync(Reply(channel, visibility, answersPrivate), Account(channel), default);

        Assert.Equal(DeliveryOutcome.Sent, sent.Outcome);
        var request = Assert.Single(_network.Published);
        Assert.Equal((path, "We're on it ✈️ ^JD"), (request.Path, request.Text));
        Assert.Contains(request.Answer, sent.NetworkMessageId, StringComparison.Ordinal);
        if (recipientField is not null)
        {
            Assert.Equal(recipientField == "id" ? "user-9" : "17001", request.Body.GetProperty("recipient").GetProperty(recipientField).GetString());
            Assert.Equal("c-1.2", request.DeliveryId);
        }

        Assert.Empty(_network.Malformed);
    }

    [Fact]
    public async Task WhatsApp_messages_quote_the_customers_message_and_carry_the_delivery_id()
    {
        var sent = await WhatsApp.SendAsync(Reply(Channel.WhatsApp, Visibility.Private, answersPrivate: true), Account(Channel.WhatsApp, "phone-1"), default);

        var request = Assert.Single(_network.Published);
        Assert.Equal(($"wamid.{request.Answer}", "v23.0/phone-1/messages", "user-9", "c-1.2"), (sent.NetworkMessageId, request.Path, request.Body.GetProperty("to").GetString(), request.DeliveryId));
        Assert.Equal("17001", request.Body.GetProperty("context").GetProperty("message_id").GetString());
        Assert.Equal("We're on it ✈️ ^JD", request.Text);
    }

    [Fact]
    public async Task A_reply_in_a_whatsapp_groups_conversation_goes_to_the_group()
    {
        var reply = Reply(Channel.WhatsApp, Visibility.Private, answersPrivate: true) with { RecipientId = Domain.Deliveries.Delivery.GroupRecipient + "GRP1" };

        var sent = await WhatsApp.SendAsync(reply, Account(Channel.WhatsApp, "phone-1"), default);

        Assert.Equal(DeliveryOutcome.Sent, sent.Outcome);
        var request = Assert.Single(_network.Published);
        Assert.Equal(("group", "GRP1"), (request.Body.GetProperty("recipient_type").GetString(), request.Body.GetProperty("to").GetString()));
    }

    [Fact]
    public async Task Rate_limits_back_off_for_as_long_as_the_network_says()
    {
        _network.Inject(
            new NetworkFault.Status(429, """{"title":"Too Many Requests"}""", new Dictionary<string, string> { ["x-rate-limit-reset"] = Now.AddSeconds(90).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) }),
            new NetworkFault.Status(429, "{}", new Dictionary<string, string> { ["Retry-After"] = "30" }),
            new NetworkFault.Status(400, """{"error":{"message":"Calls to this api have exceeded the rate limit.","code":613}}"""),
            new NetworkFault.Status(429, "{}"));

        var xReset = await X.SendAsync(Reply(Channel.X, Visibility.Public), Account(Channel.X), default);
        var retryAfter = await Graph.SendAsync(Reply(Channel.Facebook, Visibility.Public), Account(Channel.Facebook), default);
        var graphCode = await Graph.SendAsync(Reply(Channel.Facebook, Visibility.Public), Account(Channel.Facebook), default);
        var unsaid = await WhatsApp.SendAsync(Reply(Channel.WhatsApp, Visibility.Private), Account(Channel.WhatsApp), default);

        Assert.All([xReset, retryAfter, graphCode, unsaid], r => Assert.Equal(DeliveryOutcome.RateLimited, r.Outcome));
        Assert.Equal(TimeSpan.FromSeconds(90), xReset.RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(30), retryAfter.RetryAfter);
        Assert.Contains("(613) Calls to this api", graphCode.Reason, StringComparison.Ordinal);
        Assert.Null(unsaid.RetryAfter);
        Assert.Empty(_network.Published);
    }

    [Fact]
    public async Task Server_errors_timeouts_and_resets_are_retryable_and_refusals_final()
    {
        _network.Inject(
            new NetworkFault.Status(503, "Service Unavailable"),
            new NetworkFault.Hang(TimeSpan.FromSeconds(30)),
            new NetworkFault.Reset(),
            new NetworkFault.Status(400, """{"error":{"message":"Temporary issue","code":2,"is_transient":true}}"""),
            new NetworkFault.Status(400, """{"error":{"message":"(#10) This message is sent outside of allowed window.","code":10}}"""),
            new NetworkFault.Status(403, """{"detail":"You are not permitted to reply to this conversation.","title":"Forbidden"}"""));

        var serverError = await X.SendAsync(Reply(Channel.X, Visibility.Public), Account(Channel.X), default);
        var timeout = await new XSender(_http, Impatient, _clock).SendAsync(Reply(Channel.X, Visibility.Public), Account(Channel.X), default);
        var reset = await Graph.SendAsync(Reply(Channel.Messenger, Visibility.Private, true), Account(Channel.Messenger), default);
        var transient = await Graph.SendAsync(Reply(Channel.Messenger, Visibility.Private, true), Account(Channel.Messenger), default);
        var outsideWindow = await Graph.SendAsync(Reply(Channel.Messenger, Visibility.Private, true), Account(Channel.Messenger), default);
        var forbidden = await X.SendAsync(Reply(Channel.X, Visibility.Public), Account(Channel.X), default);

        Assert.Equal(
            [DeliveryOutcome.Retryable, DeliveryOutcome.Retryable, DeliveryOutcome.Retryable, DeliveryOutcome.Retryable, DeliveryOutcome.Rejected, DeliveryOutcome.Rejected],
            new[] { serverError, timeout, reset, transient, outsideWindow, forbidden }.Select(r => r.Outcome));
        Assert.Equal("HTTP 503: Service Unavailable", serverError.Reason);
        Assert.Contains("no answer within 2 s", timeout.Reason, StringComparison.Ordinal);
        Assert.Contains("outside of allowed window", outsideWindow.Reason, StringComparison.Ordinal);
        Assert.Equal("HTTP 403: You are not permitted to reply to this conversation.", forbidden.Reason);
        Assert.Empty(_network.Published);
    }

    [Fact]
    public async Task Replies_that_cannot_be_addressed_are_rejected_without_a_call()
    {
        var noPost = await X.SendAsync(Reply(Channel.X, Visibility.Public) with { InReplyToId = null }, Account(Channel.X), default);
        var noRecipient = await WhatsApp.SendAsync(Reply(Channel.WhatsApp, Visibility.Private) with { RecipientId = null }, Account(Channel.WhatsApp), default);

        Assert.Equal((DeliveryOutcome.Rejected, DeliveryOutcome.Rejected), (noPost.Outcome, noRecipient.Outcome));
        Assert.Equal(0, _network.Received);
    }

    [Fact]
    public void A_credential_never_shows_its_token()
    {
        var credential = Account(Channel.X);
        Assert.DoesNotContain("secret-token-1", credential.ToString(), StringComparison.Ordinal);
        Assert.Contains("brand-1", credential.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retraction_deletes_the_published_post_or_comment_and_a_message_gone_already_counts_as_retracted()
    {
        var post = await X.SendAsync(Reply(Channel.X, Visibility.Public), Account(Channel.X), default);
        var comment = await Graph.SendAsync(Reply(Channel.Facebook, Visibility.Public), Account(Channel.Facebook), default);

        var tweetGone = await X.SendAsync(Reply(Channel.X, Visibility.Public) with { Retracts = post.NetworkMessageId }, Account(Channel.X), default);
        var commentGone = await Graph.SendAsync(Reply(Channel.Facebook, Visibility.Public) with { Retracts = comment.NetworkMessageId }, Account(Channel.Facebook), default);
        var neverThere = await X.SendAsync(Reply(Channel.X, Visibility.Public) with { Retracts = "999" }, Account(Channel.X), default);

        Assert.Equal((DeliveryOutcome.Sent, post.NetworkMessageId), (tweetGone.Outcome, tweetGone.NetworkMessageId));
        Assert.Equal((DeliveryOutcome.Sent, comment.NetworkMessageId), (commentGone.Outcome, commentGone.NetworkMessageId));
        Assert.Equal(DeliveryOutcome.Sent, neverThere.Outcome);
        Assert.Equal([$"2/tweets/{post.NetworkMessageId}", $"v23.0/{comment.NetworkMessageId}"], _network.Deleted);
        Assert.Equal(2, _network.Published.Count);
    }

    [Theory]
    [InlineData(Channel.X, Visibility.Private)]
    [InlineData(Channel.Messenger, Visibility.Private)]
    [InlineData(Channel.Instagram, Visibility.Private)]
    [InlineData(Channel.WhatsApp, Visibility.Private)]
    public async Task A_retraction_the_network_does_not_allow_is_rejected_saying_so(Channel channel, Visibility visibility)
    {
        INetworkSender sender = channel switch { Channel.X => X, Channel.WhatsApp => WhatsApp, _ => Graph };
        var result = await sender.SendAsync(Reply(channel, visibility) with { Retracts = "1800" }, Account(channel), default);

        Assert.Equal(DeliveryOutcome.Rejected, result.Outcome);
        Assert.Contains("delete", result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, _network.Received);
    }
}
