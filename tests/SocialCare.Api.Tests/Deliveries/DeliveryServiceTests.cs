using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace SocialCare.Api.Tests.Deliveries;

/// <summary>A sender's side of the outbox over gRPC: the stream, reports, and what the desk then sees.</summary>
[Collection(ApiCollection.Name)]
public sealed class DeliveryServiceTests(ApiFixture api)
{
    private async Task<(string Conversation, Wire.ConversationMessage Reply)> RepliedAsync(string tenant, string author = "ann", Wire.Channel channel = Wire.Channel.X)
    {
        var mention = Requests.Mention(tenant, author, "My flight was cancelled and nobody tells me anything", channel);
        mention.AccountId = "brand-x";
        var opened = await api.Ingest.IngestMentionAsync(Requests.Ingest(mention));
        var replied = await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = opened.Conversation, AgentId = "jd", Text = "So sorry! Rebooking you now.", Signature = "^JD" });
        return (opened.Conversation, replied.Reply);
    }

    private static Wire.ReportDeliveryRequest Sent(Wire.Delivery delivery, string networkId) =>
        new() { Name = delivery.Name, Outcome = Wire.DeliveryOutcome.Sent, NetworkMessageId = networkId };

    [Fact]
    public async Task A_reply_reaches_the_senders_stream_and_its_report_shows_on_the_message_and_the_queue()
    {
        var tenant = await api.NewTenantAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var watch = api.Queues.WatchQueue(new Wire.WatchQueueRequest { Parent = $"tenants/{tenant}" }, cancellationToken: timeout.Token);
        await watch.ResponseStream.NextAsync(e => e.Type == Wire.QueueEventType.Subscribed, timeout.Token);
        using var stream = api.Deliveries.StreamDeliveries(new Wire.StreamDeliveriesRequest { Parent = $"tenants/{tenant}", Sender = "x-sender", Channels = { Wire.Channel.X } }, cancellationToken: timeout.Token);

        var (conversation, reply) = await RepliedAsync(tenant);
        Assert.Equal(Wire.DeliveryState.Pending, reply.Delivery.State);

        Assert.True(await stream.ResponseStream.MoveNext(timeout.Token));
        var delivery = stream.ResponseStream.Current.Delivery;
        Assert.Equal(reply.Delivery.DeliveryId, delivery.DeliveryId);
        Assert.Equal((conversation, reply.MessageId, Wire.Channel.X, "brand-x", "ann"), (delivery.Conversation, delivery.MessageId, delivery.Channel, delivery.AccountId, delivery.RecipientId));
        Assert.Equal(("So sorry! Rebooking you now. ^JD", Wire.Visibility.Public, Wire.DeliveryState.Sending, "x-sender"), (delivery.Text, delivery.Visibility, delivery.State, delivery.LeaseOwner));
        Assert.False(string.IsNullOrEmpty(delivery.InReplyToId));

        var sentAt = api.Clock.GetUtcNow().AddSeconds(-1);
        var first = await api.Deliveries.ReportDeliveryAsync(new Wire.ReportDeliveryRequest
        {
            Name = delivery.Name, Outcome = Wire.DeliveryOutcome.Sent, NetworkMessageId = "1865000000000000001", SentTime = Timestamp.FromDateTimeOffset(sentAt),
        });
        var again = await api.Deliveries.ReportDeliveryAsync(Sent(delivery, "1865000000000000001"));
        Assert.True(first.Changed);
        Assert.False(again.Changed);
        Assert.Equal((Wire.DeliveryState.Sent, "1865000000000000001", sentAt), (again.Delivery.State, again.Delivery.NetworkMessageId, again.Delivery.SentTime.ToDateTimeOffset()));

        var shown = await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = conversation });
        Assert.Equal(Wire.DeliveryState.Sent, shown.Conversation.Messages.Single(m => m.MessageId == reply.MessageId).Delivery.State);
        var listed = await api.Conversations.ListConversationMessagesAsync(new Wire.ListConversationMessagesRequest { Parent = conversation });
        Assert.Equal("1865000000000000001", listed.Messages.Single(m => m.MessageId == reply.MessageId).Delivery.NetworkMessageId);
        var row = (await api.Deliveries.GetDeliveryAsync(new Wire.GetDeliveryRequest { Name = delivery.Name })).Delivery;
        Assert.Equal((Wire.DeliveryState.Sent, 1, ""), (row.State, row.Leases, row.LeaseOwner));

        var sentEvent = await watch.ResponseStream.NextAsync(e => e.Reason == Wire.QueueChangeReason.ReplySent, timeout.Token);
        Assert.Equal(conversation, sentEvent.Item.Conversation);
    }

    [Fact]
    public async Task A_stream_holds_at_most_max_in_flight_and_takes_the_next_when_one_is_reported()
    {
        var tenant = await api.NewTenantAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (_, firstReply) = await RepliedAsync(tenant, "ann");
        var (_, secondReply) = await RepliedAsync(tenant, "bob");
        using var stream = api.Deliveries.StreamDeliveries(new Wire.StreamDeliveriesRequest { Parent = $"tenants/{tenant}", Sender = "slow", MaxInFlight = 1 }, cancellationToken: timeout.Token);

        Assert.True(await stream.ResponseStream.MoveNext(timeout.Token));
        var first = stream.ResponseStream.Current.Delivery;
        Assert.Equal(firstReply.Delivery.DeliveryId, first.DeliveryId);
        var second = stream.ResponseStream.MoveNext(timeout.Token);
        // The outbox holds the second for this stream's sender only once it reports the first.
        var waiting = (await api.Deliveries.GetDeliveryAsync(new Wire.GetDeliveryRequest { Name = $"tenants/{tenant}/deliveries/{secondReply.Delivery.DeliveryId}" })).Delivery;
        Assert.Equal(Wire.DeliveryState.Pending, waiting.State);

        await api.Deliveries.ReportDeliveryAsync(Sent(first, "1"));
        Assert.True(await second);
        Assert.Equal(secondReply.Delivery.DeliveryId, stream.ResponseStream.Current.Delivery.DeliveryId);
    }

    [Fact]
    public async Task A_rejected_reply_is_failed_with_its_reason_and_the_conversation_returns_to_its_author()
    {
        var tenant = await api.NewTenantAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (conversation, reply) = await RepliedAsync(tenant);
        await api.Conversations.ResolveConversationAsync(new Wire.ResolveConversationRequest { Name = conversation, AgentId = "jd" });
        using var watch = api.Queues.WatchQueue(new Wire.WatchQueueRequest { Parent = $"tenants/{tenant}" }, cancellationToken: timeout.Token);
        await watch.ResponseStream.NextAsync(e => e.Type == Wire.QueueEventType.Subscribed, timeout.Token);
        using var stream = api.Deliveries.StreamDeliveries(new Wire.StreamDeliveriesRequest { Parent = $"tenants/{tenant}", Sender = "s" }, cancellationToken: timeout.Token);
        Assert.True(await stream.ResponseStream.MoveNext(timeout.Token));

        var rejected = await api.Deliveries.ReportDeliveryAsync(new Wire.ReportDeliveryRequest
        {
            Name = stream.ResponseStream.Current.Delivery.Name, Outcome = Wire.DeliveryOutcome.Rejected, Reason = "HTTP 403: You are not permitted to reply to this post.",
        });

        Assert.Equal(Wire.DeliveryState.Failed, rejected.Delivery.State);
        var back = await watch.ResponseStream.NextAsync(e => e.Reason == Wire.QueueChangeReason.ReplyFailed, timeout.Token);
        Assert.Equal((conversation, Wire.ConversationState.Assigned, "jd", true), (back.Item.Conversation, back.Item.State, back.Item.AssignedAgentId, back.Item.ReplyUndelivered));
        var shown = (await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = conversation })).Conversation;
        Assert.Contains("not permitted to reply", shown.Messages.Last().Text, StringComparison.Ordinal);
        Assert.Equal(Wire.DeliveryState.Failed, shown.Messages.Single(m => m.MessageId == reply.MessageId).Delivery.State);
    }

    [Fact]
    public async Task Bad_reports_and_streams_are_refused_naming_the_field()
    {
        var tenant = await api.NewTenantAsync();
        var (_, reply) = await RepliedAsync(tenant);
        var name = $"tenants/{tenant}/deliveries/{reply.Delivery.DeliveryId}";

        await Expect.Fails(api.Deliveries.ReportDeliveryAsync(new Wire.ReportDeliveryRequest { Name = name }), StatusCode.InvalidArgument, "outcome");
        await Expect.Fails(api.Deliveries.ReportDeliveryAsync(new Wire.ReportDeliveryRequest { Name = name, Outcome = Wire.DeliveryOutcome.Sent }), StatusCode.InvalidArgument, "network_message_id");
        await Expect.Fails(api.Deliveries.ReportDeliveryAsync(new Wire.ReportDeliveryRequest { Name = name, Outcome = Wire.DeliveryOutcome.RateLimited, RetryAfter = Duration.FromTimeSpan(TimeSpan.FromSeconds(-5)) }), StatusCode.InvalidArgument, "retry_after");
        await Expect.Fails(api.Deliveries.ReportDeliveryAsync(new Wire.ReportDeliveryRequest { Name = name, Outcome = Wire.DeliveryOutcome.Retryable, Reason = new string('x', 10_001) }), StatusCode.InvalidArgument, "reason");
        await Expect.Fails(api.Deliveries.ReportDeliveryAsync(new Wire.ReportDeliveryRequest { Name = $"tenants/{tenant}/deliveries/nodot", Outcome = Wire.DeliveryOutcome.Sent, NetworkMessageId = "1" }), StatusCode.InvalidArgument, "name");
        await Expect.Fails(api.Deliveries.ReportDeliveryAsync(new Wire.ReportDeliveryRequest { Name = $"tenants/{tenant}/deliveries/{reply.Delivery.DeliveryId}9", Outcome = Wire.DeliveryOutcome.Sent, NetworkMessageId = "1" }), StatusCode.NotFound, "delivery_id");
        await Expect.Fails(api.Deliveries.GetDeliveryAsync(new Wire.GetDeliveryRequest { Name = $"tenants/{tenant}/deliveries/c-none.2" }), StatusCode.NotFound, "delivery_id");

        foreach (var (request, field) in new (Wire.StreamDeliveriesRequest, string)[]
        {
            (new() { Parent = $"tenants/{tenant}" }, "sender"),
            (new() { Parent = $"tenants/{tenant}", Sender = "s", MaxInFlight = 501 }, "max_in_flight"),
            (new() { Parent = $"tenants/{tenant}", Sender = "s", Channels = { (Wire.Channel)99 } }, "channels[0]"),
            (new() { Parent = $"tenants/{tenant}", Sender = "s", AccountIds = { "" } }, "account_ids[0]"),
        })
        {
            using var stream = api.Deliveries.StreamDeliveries(request);
            var refused = await Assert.ThrowsAsync<RpcException>(() => stream.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal((StatusCode.InvalidArgument, field), (refused.StatusCode, refused.Trailers.GetValue("socialcare-field")));
        }
    }
}
