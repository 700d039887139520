using Grpc.Core;

namespace SocialCare.Api.Tests;

/// <summary>
/// A mistaken public reply cannot be unsaid: it is followed by a correction, or a recorded request
/// that the connector deletes it, and stays in the history either way; on a real host.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RetractionTests(ApiFixture api)
{
    /// <summary>A conversation with a reply a connector has reported published as network message <paramref name="networkId"/>.</summary>
    private async Task<(string Conversation, string ReplyId)> PublishedAsync(string tenant, string networkId)
    {
        var conversation = (await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann", "Is my flight on time?")))).Conversation;
        var reply = await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = conversation, AgentId = "jd", Text = "Your flight leaves at 9:00." });
        await api.Deliveries.ReportDeliveryAsync(new Wire.ReportDeliveryRequest
        {
            Name = $"tenants/{tenant}/deliveries/{reply.Reply.Delivery.DeliveryId}", Outcome = Wire.DeliveryOutcome.Sent, NetworkMessageId = networkId,
        });
        return (conversation, reply.Reply.MessageId);
    }

    private async Task<Wire.ConversationMessage> MessageAsync(string conversation, string id) =>
        (await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = conversation })).Conversation.Messages.Single(m => m.MessageId == id);

    [Fact]
    public async Task A_retraction_is_the_connectors_task_and_its_report_says_the_reply_is_gone_while_it_stays_in_the_history()
    {
        var tenant = await api.NewTenantAsync();
        var (conversation, replyId) = await PublishedAsync(tenant, "1799");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var requested = await api.Conversations.RequestRetractionAsync(new Wire.RequestRetractionRequest { Name = conversation, MessageId = replyId, Reason = "Wrong departure time." });

        Assert.Equal((Wire.MessageKind.Retraction, replyId, "Wrong departure time."), (requested.Retraction.Kind, requested.Retraction.RetractsMessageId, requested.Retraction.Text));
        Assert.Equal(Wire.RetractionState.Requested, (await MessageAsync(conversation, replyId)).Retraction.State);
        await Expect.Fails(api.Conversations.RequestRetractionAsync(new Wire.RequestRetractionRequest { Name = conversation, MessageId = replyId, Reason = "Again" }), StatusCode.FailedPrecondition);

        using var sender = api.Deliveries.StreamDeliveries(new Wire.StreamDeliveriesRequest { Parent = $"tenants/{tenant}", Sender = "x" }, cancellationToken: timeout.Token);
        Assert.True(await sender.ResponseStream.MoveNext(timeout.Token));
        var task = sender.ResponseStream.Current.Delivery;
        Assert.Equal(("1799", requested.Retraction.Delivery.DeliveryId), (task.RetractsNetworkMessageId, task.DeliveryId));
        await api.Deliveries.ReportDeliveryAsync(new Wire.ReportDeliveryRequest { Name = task.Name, Outcome = Wire.DeliveryOutcome.Sent, NetworkMessageId = "1799" });

        var shown = (await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = conversation })).Conversation;
        var original = shown.Messages.Single(m => m.MessageId == replyId);
        Assert.Equal(("Your flight leaves at 9:00.", Wire.RetractionState.Retracted), (original.Text, original.Retraction.State));
        Assert.Contains(shown.Messages, m => m.Kind == Wire.MessageKind.InternalNote && m.Text == $"Reply {replyId} was taken off the network.");
        var trail = await new Wire.AuditService.AuditServiceClient(api.Channel).ListAuditEntriesAsync(new Wire.ListAuditEntriesRequest { Parent = $"tenants/{tenant}" });
        Assert.Contains(trail.Entries, e => e.Action == "reply.retraction_requested");
        Assert.Contains(trail.Entries, e => e.Action == "reply.retracted");

        // Then the correction, linked to the reply it corrects.
        var correction = await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = conversation, AgentId = "jd", Text = "Correction: your flight leaves at 9:30.", CorrectsMessageId = replyId });
        Assert.Equal(replyId, correction.Reply.CorrectsMessageId);
    }

    [Fact]
    public async Task A_network_that_refuses_leaves_the_reply_public_and_says_so()
    {
        var tenant = await api.NewTenantAsync();
        var (conversation, replyId) = await PublishedAsync(tenant, "1800");
        var requested = await api.Conversations.RequestRetractionAsync(new Wire.RequestRetractionRequest { Name = conversation, MessageId = replyId, Reason = "Typo in the time." });

        await api.Deliveries.ReportDeliveryAsync(new Wire.ReportDeliveryRequest
        {
            Name = $"tenants/{tenant}/deliveries/{requested.Retraction.Delivery.DeliveryId}", Outcome = Wire.DeliveryOutcome.Rejected, Reason = "HTTP 403: not allowed",
        });

        var shown = (await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = conversation })).Conversation;
        Assert.Equal(Wire.RetractionState.Failed, shown.Messages.Single(m => m.MessageId == replyId).Retraction.State);
        Assert.Contains(shown.Messages, m => m.Kind == Wire.MessageKind.InternalNote && m.Text.Contains("is still public", StringComparison.Ordinal));
        Assert.Equal(Wire.DeliveryState.Sent, shown.Messages.Single(m => m.MessageId == replyId).Delivery.State);
        // It may be asked again, once the network allows it.
        var again = await api.Conversations.RequestRetractionAsync(new Wire.RequestRetractionRequest { Name = conversation, MessageId = replyId, Reason = "Try again." });
        Assert.Equal(Wire.MessageKind.Retraction, again.Retraction.Kind);
    }

    [Fact]
    public async Task Only_a_published_reply_can_be_retracted_and_only_a_reply_corrected()
    {
        var tenant = await api.NewTenantAsync();
        var conversation = (await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann", "Is my flight on time?")))).Conversation;
        var pending = await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = conversation, AgentId = "jd", Text = "Checking." });

        Wire.RequestRetractionRequest Retract(string id, string reason = "Mistake") => new() { Name = conversation, MessageId = id, Reason = reason };
        var unsent = await Expect.Fails(api.Conversations.RequestRetractionAsync(Retract(pending.Reply.MessageId)), StatusCode.FailedPrecondition);
        Assert.Contains("not published (pending)", unsent.Status.Detail, StringComparison.Ordinal);
        await Expect.Fails(api.Conversations.RequestRetractionAsync(Retract("1")), StatusCode.InvalidArgument, "message_id");
        await Expect.Fails(api.Conversations.RequestRetractionAsync(Retract(pending.Reply.MessageId, " ")), StatusCode.InvalidArgument, "reason");
        await Expect.Fails(api.Conversations.RequestRetractionAsync(Retract("77")), StatusCode.NotFound);
        await Expect.Fails(
            api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = conversation, AgentId = "jd", Text = "Fixed.", CorrectsMessageId = "1" }),
            StatusCode.InvalidArgument, "corrects_message_id");
        await Expect.Fails(
            api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = conversation, AgentId = "jd", Text = "Fixed.", CorrectsMessageId = "x" }),
            StatusCode.InvalidArgument, "corrects_message_id");
        await Expect.Fails(
            api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = conversation, AgentId = "jd", Text = "Fixed.", CorrectsMessageId = "50" }),
            StatusCode.NotFound, "corrects_message_id");
    }
}
