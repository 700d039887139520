using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using SocialCare.Api.Access;
using SocialCare.Contracts;
using SocialCare.Domain.Access;

namespace SocialCare.Api.Tests;

/// <summary>
/// Replies the tenant's approval policy holds back: stored but not delivered, listed and watched in
/// the approvals queue, approved (and then delivered) or rejected by a supervisor other than the
/// author, and escalated when they wait too long; on a real host.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ApprovalTests(ApiFixture api)
{
    /// <summary>A tenant whose replies to authors with 10,000 followers or more wait for a supervisor.</summary>
    private Task<string> TenantAsync(Action<Wire.ApprovalPolicy>? adjust = null) =>
        api.NewTenantAsync(t =>
        {
            t.Approvals = new Wire.ApprovalPolicy { InfluenceThreshold = 10_000, EscalateAfter = Duration.FromTimeSpan(TimeSpan.FromMinutes(20)) };
            adjust?.Invoke(t.Approvals);
        });

    private async Task<string> OpenAsync(string tenant, long followers)
    {
        var mention = Requests.Mention(tenant, $"author-{Guid.NewGuid():N}"[..20], "Your airline lost my bag and nobody answers.");
        mention.Author.FollowerCount = followers;
        return (await api.Ingest.IngestMentionAsync(Requests.Ingest(mention))).Conversation;
    }

    private Wire.ConversationService.ConversationServiceClient As(string id, CareRoles roles, string tenant) =>
        new(api.ChannelFor(CareCredential.Bearer(api.Token(new TokenSubject(id, [tenant], roles)))));

    private async Task<Wire.Conversation> GetAsync(string conversation) =>
        (await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = conversation })).Conversation;

    [Fact]
    public async Task A_reply_to_an_influential_author_waits_unsent_until_another_supervisor_approves_it_then_goes_out()
    {
        var tenant = await TenantAsync();
        var conversation = await OpenAsync(tenant, followers: 250_000);
        var lead = As("lead", CareRoles.Supervisor | CareRoles.Agent, tenant);
        var other = As("other-lead", CareRoles.Supervisor, tenant);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var approvals = api.Queues.WatchQueue(new Wire.WatchQueueRequest { Parent = $"tenants/{tenant}", AwaitingApprovalOnly = true }, cancellationToken: timeout.Token);
        Assert.True(await approvals.ResponseStream.MoveNext(timeout.Token));

        var posted = await lead.PostReplyAsync(new Wire.PostReplyRequest { Name = conversation, Text = "So sorry, we are tracing your bag now." });

        Assert.Equal(Wire.ApprovalState.Pending, posted.Reply.Approval.State);
        Assert.Equal(["the author has 250000 followers (approval from 10000)"], posted.Reply.Approval.Reasons);
        Assert.Null(posted.Reply.Delivery);
        Assert.Equal(posted.Reply.MessageId, posted.Conversation.AwaitingApprovalMessageId);
        Assert.Null(posted.Conversation.FirstResponseTime);
        var added = await approvals.ResponseStream.NextAsync(e => e.Item.Conversation == conversation, timeout.Token);
        Assert.Equal((Wire.QueueEventType.Added, Wire.QueueChangeReason.ApprovalRequested, true), (added.Type, added.Reason, added.Item.AwaitingApproval));
        var listed = await api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}", AwaitingApprovalOnly = true });
        Assert.Equal([conversation], listed.Items.Select(i => i.Conversation));

        // Its author is a supervisor too, but nobody approves their own reply.
        var own = await Expect.Fails(lead.ApproveReplyAsync(new Wire.ApproveReplyRequest { Name = conversation, MessageId = posted.Reply.MessageId }), StatusCode.PermissionDenied);
        Assert.Contains("another supervisor must approve it", own.Status.Detail, StringComparison.Ordinal);
        // While it waits, nothing overtakes it.
        await Expect.Fails(lead.PostReplyAsync(new Wire.PostReplyRequest { Name = conversation, Text = "Also: sorry!" }), StatusCode.FailedPrecondition);
        await Expect.Fails(lead.ResolveConversationAsync(new Wire.ResolveConversationRequest { Name = conversation }), StatusCode.FailedPrecondition);

        var approved = await other.ApproveReplyAsync(new Wire.ApproveReplyRequest { Name = conversation, MessageId = posted.Reply.MessageId });

        Assert.Equal((Wire.ApprovalState.Approved, "other-lead"), (approved.Reply.Approval.State, approved.Reply.Approval.DecidedBy));
        Assert.Equal(Wire.DeliveryState.Pending, approved.Reply.Delivery.State);
        Assert.Equal("", approved.Conversation.AwaitingApprovalMessageId);
        Assert.Equal(approved.Reply.Approval.DecideTime, approved.Conversation.FirstResponseTime);
        var removed = await approvals.ResponseStream.NextAsync(e => e.Item.Conversation == conversation, timeout.Token);
        Assert.Equal((Wire.QueueEventType.Removed, Wire.QueueChangeReason.ReplyApproved), (removed.Type, removed.Reason));
        Assert.Empty((await api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}", AwaitingApprovalOnly = true })).Items);

        using var sender = api.Deliveries.StreamDeliveries(new Wire.StreamDeliveriesRequest { Parent = $"tenants/{tenant}", Sender = "x-sender" }, cancellationToken: timeout.Token);
        Assert.True(await sender.ResponseStream.MoveNext(timeout.Token));
        Assert.Equal(approved.Reply.Delivery.DeliveryId, sender.ResponseStream.Current.Delivery.DeliveryId);
        Assert.Equal("So sorry, we are tracing your bag now.", sender.ResponseStream.Current.Delivery.Text);

        await Expect.Fails(other.ApproveReplyAsync(new Wire.ApproveReplyRequest { Name = conversation, MessageId = posted.Reply.MessageId }), StatusCode.FailedPrecondition);
        var trail = await new Wire.AuditService.AuditServiceClient(api.Channel).ListAuditEntriesAsync(new Wire.ListAuditEntriesRequest { Parent = $"tenants/{tenant}" });
        Assert.Contains(trail.Entries, e => e.Action == "reply.approval_requested" && e.Actor == "lead");
        Assert.Contains(trail.Entries, e => e.Action == "reply.approved" && e.Actor == "other-lead");
    }

    [Fact]
    public async Task A_rejected_reply_is_never_delivered_and_goes_back_to_its_author_with_the_reason()
    {
        var tenant = await TenantAsync(p => p.InfluenceThreshold = 0);
        await api.Admin.UpdateTenantAsync(new Wire.UpdateTenantRequest
        {
            Tenant = await WithApprovalsAsync(tenant, p => p.NewAgents.Add("new-hire")),
        });
        var conversation = await OpenAsync(tenant, followers: 12);

        var posted = await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = conversation, AgentId = "new-hire", Text = "Your bag is lost forever, sorry." });
        Assert.Equal(["agent new-hire is on the new agents' list"], posted.Reply.Approval.Reasons);

        await Expect.Fails(api.Conversations.RejectReplyAsync(new Wire.RejectReplyRequest { Name = conversation, MessageId = posted.Reply.MessageId }), StatusCode.InvalidArgument, "reason");
        await Expect.Fails(api.Conversations.RejectReplyAsync(new Wire.RejectReplyRequest { Name = conversation, MessageId = "x1", Reason = "No." }), StatusCode.InvalidArgument, "message_id");
        await Expect.Fails(api.Conversations.RejectReplyAsync(new Wire.RejectReplyRequest { Name = conversation, MessageId = "99", Reason = "No." }), StatusCode.NotFound);
        await Expect.Fails(api.Conversations.ApproveReplyAsync(new Wire.ApproveReplyRequest { Name = conversation, MessageId = "1" }), StatusCode.FailedPrecondition);
        await Expect.Fails(api.Conversations.RejectReplyAsync(new Wire.RejectReplyRequest { Name = conversation, MessageId = "0", Reason = "No." }), StatusCode.InvalidArgument, "message_id");
        var agent = As("some-agent", CareRoles.Agent, tenant);
        await Expect.Fails(agent.ApproveReplyAsync(new Wire.ApproveReplyRequest { Name = conversation, MessageId = posted.Reply.MessageId }), StatusCode.PermissionDenied);

        // The suite's caller wrote the reply for the new hire, so another supervisor decides.
        var lead = As("lead", CareRoles.Supervisor, tenant);
        await Expect.Fails(api.Conversations.RejectReplyAsync(new Wire.RejectReplyRequest { Name = conversation, MessageId = posted.Reply.MessageId, Reason = "No." }), StatusCode.PermissionDenied);
        var rejected = await lead.RejectReplyAsync(new Wire.RejectReplyRequest { Name = conversation, MessageId = posted.Reply.MessageId, Reason = "We never say forever: it is being traced." });

        Assert.Equal((Wire.ApprovalState.Rejected, "We never say forever: it is being traced."), (rejected.Reply.Approval.State, rejected.Reply.Approval.Reason));
        Assert.Null(rejected.Reply.Delivery);
        var shown = await GetAsync(conversation);
        Assert.Equal(("new-hire", ""), (shown.AssignedAgentId, shown.AwaitingApprovalMessageId));
        Assert.Contains(shown.Messages, m => m.Kind == Wire.MessageKind.InternalNote && m.Text.Contains("rejected by lead", StringComparison.Ordinal));
        Assert.Null(shown.FirstResponseTime);
        var delivery = await Expect.Fails(
            api.Deliveries.GetDeliveryAsync(new Wire.GetDeliveryRequest { Name = $"tenants/{tenant}/deliveries/{conversation.Split('/')[^1]}.{posted.Reply.MessageId}" }),
            StatusCode.NotFound);
        Assert.Contains("delivery", delivery.Status.Detail, StringComparison.OrdinalIgnoreCase);

        // The author writes again; it waits again, as every reply of theirs does.
        var second = await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = conversation, AgentId = "new-hire", Text = "Your bag is being traced; we will update you by 6pm." });
        Assert.Equal(Wire.ApprovalState.Pending, second.Reply.Approval.State);
    }

    [Fact]
    public async Task A_forbidden_promise_marked_approve_holds_the_reply_with_its_finding()
    {
        var tenant = await api.NewTenantAsync(t => t.Guardrails = new Wire.GuardrailPolicy
        {
            ForbiddenPromises = { new Wire.ForbiddenPromise { Phrase = "full refund", Action = Wire.GuardrailAction.Approve } },
        });
        var conversation = await OpenAsync(tenant, followers: 5);

        var posted = await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = conversation, AgentId = "jd", Text = "You will get a full refund today." });

        Assert.Equal(Wire.ApprovalState.Pending, posted.Reply.Approval.State);
        Assert.Equal(["guardrail: forbidden_promise \"full refund\""], posted.Reply.Approval.Reasons);
        Assert.Equal(Wire.FindingKind.ForbiddenPromise, Assert.Single(posted.Warnings).Kind);

        var plain = await OpenAsync(tenant, followers: 5);
        var clear = await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = plain, AgentId = "jd", Text = "We are checking your refund now." });
        Assert.Null(clear.Reply.Approval);
        Assert.Equal(Wire.DeliveryState.Pending, clear.Reply.Delivery.State);
    }

    [Fact]
    public async Task A_reply_waiting_past_the_limit_is_escalated_on_the_approvals_watch_and_raised_a_priority()
    {
        // Well inside the complaint's first-response target, so the escalation is what the watch shows.
        var tenant = await TenantAsync(p =>
        {
            p.Categories.Add(Wire.Category.Complaint);
            p.EscalateAfter = Duration.FromTimeSpan(TimeSpan.FromMinutes(2));
        });
        var conversation = await OpenAsync(tenant, followers: 3);
        var opened = await GetAsync(conversation);
        Assert.Equal(Wire.Category.Complaint, opened.Category);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var posted = await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = conversation, AgentId = "jd", Text = "We are on it." });
        Assert.Equal(["category complaint needs approval"], posted.Reply.Approval.Reasons);
        using var approvals = api.Queues.WatchQueue(new Wire.WatchQueueRequest { Parent = $"tenants/{tenant}", AwaitingApprovalOnly = true }, cancellationToken: timeout.Token);
        Assert.True(await approvals.ResponseStream.MoveNext(timeout.Token));

        api.Clock.SetUtcNow(posted.Reply.Approval.EscalateTime.ToDateTimeOffset());

        var escalated = await approvals.ResponseStream.NextAsync(e => e.Item.Conversation == conversation, timeout.Token);
        Assert.Equal((Wire.QueueChangeReason.ApprovalEscalated, true), (escalated.Reason, escalated.Item.ApprovalEscalated));
        Assert.True(escalated.Item.Priority < opened.Priority, $"escalated at {escalated.Item.Priority}, opened at {opened.Priority}");
        var shown = await GetAsync(conversation);
        Assert.True(shown.ApprovalEscalated);
        Assert.Contains(shown.Messages, m => m.Kind == Wire.MessageKind.InternalNote && m.Text.Contains("escalated to the supervisors", StringComparison.Ordinal));

        var approved = await As("lead", CareRoles.Supervisor, tenant).ApproveReplyAsync(new Wire.ApproveReplyRequest { Name = conversation, MessageId = posted.Reply.MessageId });
        Assert.Equal((false, ""), (approved.Conversation.ApprovalEscalated, approved.Conversation.AwaitingApprovalMessageId));
    }

    [Fact]
    public async Task An_approval_policy_with_an_unknown_team_or_a_limit_out_of_range_is_refused_naming_the_field()
    {
        await Expect.Fails(
            api.Admin.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = new Wire.Tenant { TenantId = $"t{Guid.NewGuid():N}"[..20], Approvals = new Wire.ApprovalPolicy { Teams = { "ghosts" } } } }),
            StatusCode.InvalidArgument,
            "tenant.approvals.teams[0]");
        await Expect.Fails(
            api.Admin.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = new Wire.Tenant { TenantId = $"t{Guid.NewGuid():N}"[..20], Approvals = new Wire.ApprovalPolicy { EscalateAfter = Duration.FromTimeSpan(TimeSpan.FromSeconds(5)) } } }),
            StatusCode.InvalidArgument,
            "tenant.approvals.escalate_after");
        await Expect.Fails(
            api.Admin.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = new Wire.Tenant { TenantId = $"t{Guid.NewGuid():N}"[..20], Approvals = new Wire.ApprovalPolicy { Categories = { Wire.Category.Unspecified } } } }),
            StatusCode.InvalidArgument,
            "tenant.approvals.categories[0]");
    }

    private async Task<Wire.Tenant> WithApprovalsAsync(string tenant, Action<Wire.ApprovalPolicy> change)
    {
        var current = (await api.Admin.GetTenantAsync(new Wire.GetTenantRequest { Name = $"tenants/{tenant}" })).Tenant;
        change(current.Approvals);
        return current;
    }
}
