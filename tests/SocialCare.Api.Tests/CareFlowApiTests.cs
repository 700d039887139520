using Grpc.Core;

namespace SocialCare.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class CareFlowApiTests(ApiFixture api)
{
    [Fact]
    public async Task Ingest_list_claim_reply_resolve_over_grpc()
    {
        var tenant = await api.NewTenantAsync();
        var thanks = await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "p", "Thanks for the smooth flight!")));
        var booking = await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "b", "Can you help me rebook my ticket?")));
        var complaint = await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "c", "Worst airline ever, my bag is lost")));
        Assert.True(complaint.NewConversation);
        Assert.Equal(Wire.Category.Complaint, complaint.Triage.Category);
        Assert.Equal(Wire.Priority.High, complaint.Triage.Priority);
        Assert.StartsWith($"tenants/{tenant}/conversations/", complaint.Conversation, StringComparison.Ordinal);

        var queue = await api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}" });
        Assert.Equal([complaint.Conversation, booking.Conversation, thanks.Conversation], queue.Items.Select(i => i.Conversation));
        Assert.All(queue.Items, i => Assert.NotNull(i.NextDueTime));
        Assert.Empty(queue.NextPageToken);

        var claimed = await api.Conversations.ClaimConversationAsync(new Wire.ClaimConversationRequest { Name = complaint.Conversation, AgentId = "jd" });
        Assert.Equal(Wire.ConversationState.Assigned, claimed.Conversation.State);

        var reply = await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest
        {
            Name = complaint.Conversation,
            AgentId = "jd",
            Text = "We are so sorry. Please DM us your file reference.",
            Signature = "^JD",
            RequestId = "r-1",
        });
        Assert.Equal(Wire.MessageKind.AgentReply, reply.Reply.Kind);
        Assert.EndsWith("^JD", reply.Reply.Text, StringComparison.Ordinal);
        var retried = await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest
        {
            Name = complaint.Conversation,
            AgentId = "jd",
            Text = "We are so sorry. Please DM us your file reference.",
            Signature = "^JD",
            RequestId = "r-1",
        });
        Assert.Equal(reply.Reply.MessageId, retried.Reply.MessageId);

        await api.Conversations.AddNoteAsync(new Wire.AddNoteRequest { Name = complaint.Conversation, AgentId = "jd", Text = "Bag traced to AMS" });
        var got = await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = complaint.Conversation });
        Assert.Equal([Wire.MessageKind.Customer, Wire.MessageKind.AgentReply, Wire.MessageKind.InternalNote], got.Conversation.Messages.Select(m => m.Kind));
        var firstResponse = got.Conversation.SlaClocks.Single(c => c.Kind == Wire.SlaClockKind.FirstResponse);
        Assert.Equal(Wire.SlaClockState.Met, firstResponse.State);
        Assert.NotNull(got.Conversation.FirstResponseTime);

        var resolved = await api.Conversations.ResolveConversationAsync(new Wire.ResolveConversationRequest { Name = complaint.Conversation, AgentId = "jd" });
        Assert.Equal(Wire.ConversationState.Resolved, resolved.Conversation.State);
        var after = await api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}/teams/first-line" });
        Assert.Equal([booking.Conversation, thanks.Conversation], after.Items.Select(i => i.Conversation));

        var reopened = await api.Conversations.ReopenConversationAsync(new Wire.ReopenConversationRequest { Name = complaint.Conversation, AgentId = "jd", Note = "Bag not delivered after all" });
        Assert.Equal(Wire.ConversationState.Open, reopened.Conversation.State);
        Assert.Equal(1, reopened.Conversation.ReopenCount);
    }

    [Fact]
    public async Task Duplicate_ingest_is_answered_with_the_first_result()
    {
        var tenant = await api.NewTenantAsync();
        var mention = Requests.Mention(tenant, "ann", "My refund is late", messageId: "webhook-1");
        var first = await api.Ingest.IngestMentionAsync(Requests.Ingest(mention));
        var retry = await api.Ingest.IngestMentionAsync(Requests.Ingest(mention));
        Assert.False(first.Duplicate);
        Assert.True(retry.Duplicate);
        Assert.Equal(first.Conversation, retry.Conversation);
        Assert.Equal(first.MessageId, retry.MessageId);
        var conversation = await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = first.Conversation });
        Assert.Single(conversation.Conversation.Messages);
    }

    [Fact]
    public async Task An_author_joins_their_open_conversation()
    {
        var tenant = await api.NewTenantAsync();
        var first = await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann", "Is flight KL123 on time?")));
        var second = await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann", "Also, can I bring skis?")));
        Assert.Equal(first.Conversation, second.Conversation);
        Assert.False(second.NewConversation);
        Assert.Equal(first.Customer, second.Customer);
    }

    [Fact]
    public async Task Get_conversation_shows_the_customers_conversations_on_other_channels()
    {
        var tenant = await api.NewTenantAsync();
        var onX = await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann", "Where is my order?", Wire.Channel.X)));
        var onMessenger = await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "fb-991", "Order 55 still missing", Wire.Channel.Messenger)));

        var unknown = await Assert.ThrowsAsync<RpcException>(() => api.Customers.LinkIdentityAsync(
            new Wire.LinkIdentityRequest { Name = onX.Customer, Channel = Wire.Channel.Messenger, NetworkUserId = "never-wrote" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("never-wrote", unknown.Status.Detail, StringComparison.Ordinal);

        var linked = await api.Customers.LinkIdentityAsync(new Wire.LinkIdentityRequest { Name = onX.Customer, Channel = Wire.Channel.Messenger, NetworkUserId = "fb-991" });
        Assert.Equal(2, linked.Customer.Identities.Count);

        var view = await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = onMessenger.Conversation });
        var earlier = Assert.Single(view.EarlierConversations);
        Assert.Equal(onX.Conversation, earlier.Conversation);
        Assert.Equal(Wire.Channel.X, earlier.Channel);
        Assert.Equal(onX.Customer, view.Conversation.Customer);
    }

    [Fact]
    public async Task Streaming_ingest_answers_every_request_and_rejects_bad_ones_without_ending_the_stream()
    {
        var tenant = await api.NewTenantAsync();
        using var call = api.Ingest.IngestMentions();
        var requests = new List<Wire.IngestMentionsRequest>();
        for (var i = 0; i < 6; i++)
        {
            requests.Add(new Wire.IngestMentionsRequest { CorrelationId = $"r{i}", Mention = Requests.Mention(tenant, $"a{i % 2}", $"message {i}: where is my order?") });
        }

        requests.Add(new Wire.IngestMentionsRequest { CorrelationId = "bad", Mention = Requests.Mention(tenant, "a0", "") });
        requests.Add(new Wire.IngestMentionsRequest { CorrelationId = "dup", Mention = requests[0].Mention });
        foreach (var request in requests)
        {
            await call.RequestStream.WriteAsync(request);
        }

        await call.RequestStream.CompleteAsync();
        var responses = new List<Wire.IngestMentionsResponse>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            responses.Add(response);
        }

        Assert.Equal(requests.Select(r => r.CorrelationId).Order(), responses.Select(r => r.CorrelationId).Order());
        var bad = responses.Single(r => r.CorrelationId == "bad");
        Assert.Equal((int)StatusCode.InvalidArgument, bad.Rejected.Code);
        Assert.Equal("INVALID_ARGUMENT", bad.Rejected.Status);
        Assert.Equal("mention.text", bad.Rejected.Field);
        Assert.True(responses.Single(r => r.CorrelationId == "dup").Accepted.Duplicate);
        var accepted = responses.Where(r => r.OutcomeCase == Wire.IngestMentionsResponse.OutcomeOneofCase.Accepted).Select(r => r.Accepted).ToList();
        Assert.Equal(7, accepted.Count);
        Assert.Equal(2, accepted.Select(a => a.Conversation).Distinct().Count());

        // Mentions of one author are stored in the order they were sent.
        var conversation = await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = responses.Single(r => r.CorrelationId == "r0").Accepted.Conversation });
        Assert.Equal(["message 0", "message 2", "message 4"], conversation.Conversation.Messages.Select(m => m.Text[..9]));
    }

    [Fact]
    public async Task A_long_history_is_paged_oldest_first_and_the_conversation_carries_the_recent_part()
    {
        var tenant = await api.NewTenantAsync();
        var receipt = await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann", "Where is my parcel?")));
        for (var i = 2; i <= 130; i++)
        {
            await api.Conversations.AddNoteAsync(new Wire.AddNoteRequest { Name = receipt.Conversation, AgentId = "jd", Text = $"note {i}" });
        }

        var conversation = (await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = receipt.Conversation })).Conversation;
        Assert.Equal(130, conversation.MessageCount);
        Assert.Equal(50, conversation.Messages.Count);
        Assert.Equal("note 130", conversation.Messages[^1].Text);

        var ids = new List<string>();
        var request = new Wire.ListConversationMessagesRequest { Parent = receipt.Conversation, PageSize = 60 };
        var pages = 0;
        do
        {
            var page = await api.Conversations.ListConversationMessagesAsync(request);
            ids.AddRange(page.Messages.Select(m => m.MessageId));
            request.PageToken = page.NextPageToken;
            pages++;
        }
        while (request.PageToken.Length > 0 && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 130).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), ids);
    }

    [Fact]
    public async Task Wait_estimate_uses_the_policy_until_answers_are_measured()
    {
        var tenant = await api.NewTenantAsync();
        await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann", "Can I bring my dog?")));
        var estimate = await api.Queues.GetWaitEstimateAsync(new Wire.GetWaitEstimateRequest { Parent = $"tenants/{tenant}" });
        Assert.Equal(Wire.WaitEstimateBasis.Policy, estimate.Basis);
        Assert.Equal(TimeSpan.FromHours(1), estimate.EstimatedWait.ToTimeSpan());
        Assert.Equal(1, estimate.Backlog);
    }

    [Fact]
    public async Task A_mentions_triage_explains_itself_with_its_cues_language_and_confidence()
    {
        var tenant = await api.NewTenantAsync();
        var receipt = await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann", "Thanks for nothing, my bag still hasn't arrived")));

        Assert.Equal((Wire.Category.Complaint, Wire.Priority.High, Wire.Sentiment.Negative, "en"), (receipt.Triage.Category, receipt.Triage.Priority, receipt.Triage.Sentiment, receipt.Triage.Language));
        Assert.Contains(receipt.Triage.Cues, c => c.StartsWith("sarcasm", StringComparison.Ordinal));
        Assert.InRange(receipt.Triage.Confidence, 0.5, 1);
        Assert.True(receipt.Triage.Valence < 0);
    }

    [Fact]
    public async Task The_demo_tenant_exists_at_start()
    {
        var demo = await api.Admin.GetTenantAsync(new Wire.GetTenantRequest { Name = "tenants/demo" });
        Assert.Equal("demo", demo.Tenant.TenantId);
        Assert.Equal(4, demo.Tenant.SlaPolicy.Targets.Count);
        Assert.True(demo.Tenant.Calendar.AlwaysOpen);
        Assert.Equal(["legal", "pr"], demo.Tenant.Approvals.Teams);
    }

    [Fact]
    public async Task Tenants_are_created_with_their_policy_and_calendar()
    {
        var tenant = await api.NewTenantAsync(t =>
        {
            t.Teams.Add(new Wire.Team { TeamId = "care", DisplayName = "Care", Tier = Wire.TeamTier.FirstLine });
            t.Teams.Add(new Wire.Team { TeamId = "legal", DisplayName = "Legal", Tier = Wire.TeamTier.Department });
            t.Calendar = new Wire.BusinessCalendar { TimeZone = "Europe/Amsterdam" };
            t.Calendar.WeeklyHours.Add(new Wire.BusinessHours { Day = Wire.Weekday.Monday, OpenTime = "08:00", CloseTime = "20:00" });
            t.Calendar.Holidays.Add("2026-12-25");
            t.ChannelAccounts.Add(new Wire.ChannelAccount { Channel = Wire.Channel.X, AccountId = "42", Handle = "@brand_care", Purpose = Wire.AccountPurpose.Support });
        });
        var read = (await api.Admin.GetTenantAsync(new Wire.GetTenantRequest { Name = $"tenants/{tenant}" })).Tenant;
        Assert.Equal("care", read.DefaultTeamId);
        Assert.Equal("Europe/Amsterdam", read.Calendar.TimeZone);
        Assert.Equal("20:00", Assert.Single(read.Calendar.WeeklyHours).CloseTime);
        Assert.Equal(1, read.Version);

        read.DisplayName = "Renamed";
        var updated = await api.Admin.UpdateTenantAsync(new Wire.UpdateTenantRequest { Tenant = read });
        Assert.Equal(2, updated.Tenant.Version);
        var stale = await Assert.ThrowsAsync<RpcException>(() => api.Admin.UpdateTenantAsync(new Wire.UpdateTenantRequest { Tenant = read }).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
    }
}
