using SocialCare.Domain.Access;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Deliveries;
using SocialCare.Domain.Errors;
using SocialCare.Grains.Abstractions.Conversations;
using SocialCare.Grains.Abstractions.Deliveries;

namespace SocialCare.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class DeliveryTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private static readonly DeliveryRequest AnySender = new("sender-1", [], [], 10);

    private async Task<(string Tenant, IConversationGrain Conversation, ConversationMessage Reply)> RepliedAsync(Channel channel = Channel.X)
    {
        var tenant = (await fixture.NewTenantAsync()).TenantId;
        var opened = await Grains.IngestAsync(Mentions.Make(tenant, "ann", "My flight was cancelled", channel) with { AccountId = "brand" });
        var conversation = Grains.Conversation(tenant, opened.ConversationId);
        var replied = await conversation.ReplyAsync(new ReplyDraft(CareActor.Agent("jd"), "We're rebooking you now.", Visibility.Public, "^JD", null));
        return (tenant, conversation, replied.Message!);
    }

    [Fact]
    public async Task A_reply_is_leased_to_one_sender_and_reported_sent_once()
    {
        var (tenant, conversation, reply) = await RepliedAsync();
        var desk = Grains.GetGrain<IDeliveryDeskGrain>(tenant);

        var leased = Assert.Single(await desk.LeaseAsync(AnySender));
        Assert.Equal(reply.Delivery!.DeliveryId, leased.DeliveryId);
        Assert.Equal(("brand", "We're rebooking you now. ^JD", DeliveryState.Sending, "sender-1"), (leased.AccountId, leased.Text, leased.State, leased.LeaseOwner));
        Assert.Empty(await desk.LeaseAsync(AnySender with { Owner = "sender-2" }));

        var sent = await desk.ReportAsync(new DeliveryReport(leased.DeliveryId, DeliveryOutcome.Sent, "1888"));
        var again = await desk.ReportAsync(new DeliveryReport(leased.DeliveryId, DeliveryOutcome.Sent, "1888"));
        Assert.Equal(ConversationOutcome.Changed, sent.Outcome);
        Assert.Equal(ConversationOutcome.Unchanged, again.Outcome);

        var stored = (await conversation.ListMessagesAsync(0, 10)).Single(m => m.MessageId == reply.MessageId);
        Assert.Equal((DeliveryState.Sent, "1888"), (stored.Delivery!.State, stored.Delivery.NetworkMessageId));
        var row = await desk.GetAsync(leased.DeliveryId);
        Assert.Equal((DeliveryState.Sent, 1, (string?)null), (row.State, row.Leases, row.LeaseOwner));
        Assert.Empty(await desk.LeaseAsync(AnySender));
    }

    [Fact]
    public async Task A_reply_the_network_could_not_deliver_after_saying_sent_fails_and_comes_back_to_its_author()
    {
        var (tenant, conversation, reply) = await RepliedAsync(Channel.WhatsApp);
        var desk = Grains.GetGrain<IDeliveryDeskGrain>(tenant);
        var leased = Assert.Single(await desk.LeaseAsync(AnySender));
        await desk.ReportAsync(new DeliveryReport(leased.DeliveryId, DeliveryOutcome.Sent, "wamid.OUT"));
        await conversation.ResolveAsync(CareActor.Agent("jd"), null);

        var late = await desk.ReportAsync(new DeliveryReport(leased.DeliveryId, DeliveryOutcome.Undelivered, "wamid.OUT", Reason: "131026: Message undeliverable"));
        var again = await desk.ReportAsync(new DeliveryReport(leased.DeliveryId, DeliveryOutcome.Undelivered, "wamid.OUT", Reason: "131026: Message undeliverable"));
        var sentAgain = await desk.ReportAsync(new DeliveryReport(leased.DeliveryId, DeliveryOutcome.Sent, "wamid.OUT"));

        Assert.Equal(ConversationOutcome.Undelivered, late.Outcome);
        Assert.Equal(DeliveryState.Failed, late.Message!.Delivery!.State);
        Assert.Contains("131026: Message undeliverable", late.Message!.Delivery.LastError, StringComparison.Ordinal);
        Assert.Equal(ConversationOutcome.Unchanged, again.Outcome);
        Assert.Equal(ConversationOutcome.Unchanged, sentAgain.Outcome);
        var after = await conversation.GetAsync();
        // The customer was never answered: back with the reply's author, reopened.
        Assert.Equal((ConversationStatus.Assigned, "jd"), (after.Status, after.AssignedAgentId));
        Assert.Equal(DeliveryState.Failed, (await desk.GetAsync(leased.DeliveryId)).State);
        Assert.Equal(reply.MessageId, late.Message!.MessageId);
    }

    [Fact]
    public async Task An_expired_lease_returns_the_delivery_and_a_retryable_failure_waits_for_its_backoff()
    {
        var (tenant, _, _) = await RepliedAsync();
        var desk = Grains.GetGrain<IDeliveryDeskGrain>(tenant);
        var first = Assert.Single(await desk.LeaseAsync(AnySender));

        ClusterFixture.Clock.Advance(TimeSpan.FromMinutes(1));
        var retaken = Assert.Single(await desk.LeaseAsync(AnySender with { Owner = "sender-2" }));
        Assert.Equal((first.DeliveryId, 2, "sender-2"), (retaken.DeliveryId, retaken.Leases, retaken.LeaseOwner));

        var failed = await desk.ReportAsync(new DeliveryReport(retaken.DeliveryId, DeliveryOutcome.Retryable, Reason: "HTTP 503"));
        Assert.Equal((DeliveryState.Pending, 1, "HTTP 503"), (failed.Message!.Delivery!.State, failed.Message!.Delivery.FailedAttempts, failed.Message!.Delivery.LastError));
        Assert.Empty(await desk.LeaseAsync(AnySender));

        ClusterFixture.Clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(first.DeliveryId, Assert.Single(await desk.LeaseAsync(AnySender)).DeliveryId);
    }

    [Fact]
    public async Task A_rejected_reply_comes_back_to_its_author_and_senders_see_only_their_channels()
    {
        var (tenant, conversation, _) = await RepliedAsync(Channel.Facebook);
        var desk = Grains.GetGrain<IDeliveryDeskGrain>(tenant);
        Assert.Empty(await desk.LeaseAsync(AnySender with { Channels = [Channel.X] }));
        Assert.Empty(await desk.LeaseAsync(AnySender with { AccountIds = ["other-page"] }));
        var leased = Assert.Single(await desk.LeaseAsync(AnySender with { Channels = [Channel.Facebook], AccountIds = ["brand"] }));
        await conversation.ResolveAsync(CareActor.Agent("jd"), null);

        var rejected = await desk.ReportAsync(new DeliveryReport(leased.DeliveryId, DeliveryOutcome.Rejected, Reason: "(#100) comment was deleted"));

        Assert.Equal(ConversationOutcome.Undelivered, rejected.Outcome);
        var now = await conversation.GetAsync();
        Assert.Equal((ConversationStatus.Assigned, "jd", true), (now.Status, now.AssignedAgentId, now.ReplyUndelivered));
        Assert.Contains("comment was deleted", now.RecentMessages[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_for_unknown_deliveries_are_not_found()
    {
        var (tenant, _, reply) = await RepliedAsync();
        var desk = Grains.GetGrain<IDeliveryDeskGrain>(tenant);

        var conversationId = reply.Delivery!.DeliveryId.Split('.')[0];
        var unknownMessage = await Assert.ThrowsAsync<CareException>(() => desk.ReportAsync(new DeliveryReport(DeliveryIds.Of(conversationId, 99), DeliveryOutcome.Sent, "1")));
        Assert.Equal(CareErrorKind.NotFound, unknownMessage.Kind);
        var unknownConversation = await Assert.ThrowsAsync<CareException>(() => desk.ReportAsync(new DeliveryReport("nobody.2", DeliveryOutcome.Sent, "1")));
        Assert.Equal(CareErrorKind.NotFound, unknownConversation.Kind);
        var customerMessage = await Assert.ThrowsAsync<CareException>(() => desk.ReportAsync(new DeliveryReport(DeliveryIds.Of(conversationId, 1), DeliveryOutcome.Sent, "1")));
        Assert.Equal(CareErrorKind.NotFound, customerMessage.Kind);
        Assert.Equal(CareErrorKind.NotFound, (await Assert.ThrowsAsync<CareException>(() => desk.GetAsync("nobody.2"))).Kind);
    }
}
