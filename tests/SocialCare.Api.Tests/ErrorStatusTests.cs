using Grpc.Core;

namespace SocialCare.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class ErrorStatusTests(ApiFixture api)
{
    private static Task<RpcException> Fails<T>(AsyncUnaryCall<T> call, StatusCode expected, string? field = null) =>
        Expect.Fails(call, expected, field);

    public static TheoryData<string, Func<Wire.Mention, Wire.Mention>> BadMentions() => new()
    {
        { "mention.text", m => { m.Text = ""; return m; } },
        { "mention.text", m => { m.Text = "   "; return m; } },
        { "mention.text", m => { m.Text = new string('x', 10_001); return m; } },
        { "mention.channel", m => { m.Channel = Wire.Channel.Unspecified; return m; } },
        { "mention.channel", m => { m.Channel = (Wire.Channel)99; return m; } },
        { "mention.network_message_id", m => { m.NetworkMessageId = ""; return m; } },
        { "mention.author", m => { m.Author = null; return m; } },
        { "mention.author.network_user_id", m => { m.Author.NetworkUserId = ""; return m; } },
        { "mention.tenant_id", m => { m.TenantId = ""; return m; } },
        { "mention.tenant_id", m => { m.TenantId = "Not A Slug"; return m; } },
        { "mention.visibility", m => { m.Visibility = (Wire.Visibility)7; return m; } },
        { "mention.attachments[0].url", m => { m.Attachments.Add(new Wire.Attachment { Kind = Wire.AttachmentKind.Image, Url = "javascript:alert(1)" }); return m; } },
        { "mention.attachments[1].url", m => { m.Attachments.Add(new Wire.Attachment()); m.Attachments.Add(new Wire.Attachment { Url = "/relative.jpg" }); return m; } },
        { "mention.attachments[0].location.latitude", m => { m.Attachments.Add(new Wire.Attachment { Location = new Wire.GeoLocation { Latitude = 91 } }); return m; } },
        { "mention.attachments[0].location.longitude", m => { m.Attachments.Add(new Wire.Attachment { Location = new Wire.GeoLocation { Longitude = double.NaN } }); return m; } },
        { "mention.attachments[0].size_bytes", m => { m.Attachments.Add(new Wire.Attachment { SizeBytes = -1 }); return m; } },
        { "mention.attachments[0].caption", m => { m.Attachments.Add(new Wire.Attachment { Caption = "a\0b" }); return m; } },
        { "mention.attachments[0].contact.phones", m => { var card = new Wire.ContactCard { Name = "Dee" }; card.Phones.AddRange(Enumerable.Repeat("+31", 21)); m.Attachments.Add(new Wire.Attachment { Contact = card }); return m; } },
        { "mention.attachments", m => { m.Attachments.AddRange(Enumerable.Range(0, 21).Select(_ => new Wire.Attachment { Kind = Wire.AttachmentKind.Image })); return m; } },
        { "mention.choice.title", m => { m.Choice = new Wire.CustomerChoice { Payload = "YES" }; return m; } },
        { "mention.choice.payload", m => { m.Choice = new Wire.CustomerChoice { Title = "Yes", Payload = new string('p', 1001) }; return m; } },
        { "mention.referral.source", m => { m.Referral = new Wire.Referral { AdId = "1" }; return m; } },
        { "mention.referral.url", m => { m.Referral = new Wire.Referral { Source = "ADS", Url = "data:text/html,hi" }; return m; } },
        // Without words, an attachment or a choice, a message says nothing.
        { "mention.text", m => { m.Text = ""; m.Referral = new Wire.Referral { Source = "ADS" }; return m; } },
    };

    [Theory]
    [MemberData(nameof(BadMentions))]
    public async Task Invalid_mentions_are_refused_naming_the_field(string field, Func<Wire.Mention, Wire.Mention> spoil)
    {
        var tenant = await api.NewTenantAsync();
        var mention = spoil(Requests.Mention(tenant, "ann", "hello"));
        await Fails(api.Ingest.IngestMentionAsync(Requests.Ingest(mention)), StatusCode.InvalidArgument, field);

        // Nothing half-written: the queue is still empty.
        var queue = await api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}" });
        Assert.Empty(queue.Items);
    }

    [Fact]
    public async Task A_mention_without_a_mention_is_refused() =>
        await Fails(api.Ingest.IngestMentionAsync(new Wire.IngestMentionRequest()), StatusCode.InvalidArgument, "mention");

    [Fact]
    public async Task Unknown_tenants_and_conversations_are_not_found()
    {
        var unknownTenant = await Fails(api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention("no-such-brand", "ann", "hi"))), StatusCode.NotFound);
        Assert.Contains("no-such-brand", unknownTenant.Status.Detail, StringComparison.Ordinal);
        var tenant = await api.NewTenantAsync();
        await Fails(api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = $"tenants/{tenant}/conversations/abc" }), StatusCode.NotFound);
        await Fails(api.Conversations.ClaimConversationAsync(new Wire.ClaimConversationRequest { Name = $"tenants/{tenant}/conversations/abc", AgentId = "jd" }), StatusCode.NotFound);
        await Fails(api.Admin.GetTenantAsync(new Wire.GetTenantRequest { Name = "tenants/nobody" }), StatusCode.NotFound);
        await Fails(api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = "tenants/nobody" }), StatusCode.NotFound);
        await Fails(api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}/teams/no-team" }), StatusCode.NotFound);
        await Fails(api.Customers.GetCustomerAsync(new Wire.GetCustomerRequest { Name = $"tenants/{tenant}/customers/abc" }), StatusCode.NotFound);
    }

    [Fact]
    public async Task Malformed_names_and_paging_are_invalid_arguments()
    {
        var tenant = await api.NewTenantAsync();
        await Fails(api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = "conversations/abc" }), StatusCode.InvalidArgument, "name");
        await Fails(api.Conversations.GetConversationAsync(new Wire.GetConversationRequest()), StatusCode.InvalidArgument, "name");
        await Fails(api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}/agents/x" }), StatusCode.InvalidArgument, "parent");
        await Fails(api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}", PageSize = 501 }), StatusCode.InvalidArgument, "page_size");
        await Fails(api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}", PageToken = "garbage!" }), StatusCode.InvalidArgument, "page_token");

        var receipt = await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann", "My order is late")));
        await Fails(api.Conversations.ListConversationMessagesAsync(new Wire.ListConversationMessagesRequest { Parent = receipt.Conversation, PageToken = "-3" }), StatusCode.InvalidArgument, "page_token");
        await Fails(api.Conversations.ListConversationMessagesAsync(new Wire.ListConversationMessagesRequest { Parent = receipt.Conversation, PageSize = -1 }), StatusCode.InvalidArgument, "page_size");
        await Fails(api.Conversations.ListConversationMessagesAsync(new Wire.ListConversationMessagesRequest { Parent = $"tenants/{tenant}" }), StatusCode.InvalidArgument, "parent");
        await Fails(api.Conversations.ListConversationMessagesAsync(new Wire.ListConversationMessagesRequest { Parent = $"tenants/{tenant}/conversations/nope" }), StatusCode.NotFound);
    }

    [Fact]
    public async Task Conversation_rules_are_failed_preconditions()
    {
        var tenant = await api.NewTenantAsync();
        var receipt = await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann", "My order is late")));
        await api.Conversations.ClaimConversationAsync(new Wire.ClaimConversationRequest { Name = receipt.Conversation, AgentId = "jd" });

        var claimed = await Fails(api.Conversations.ClaimConversationAsync(new Wire.ClaimConversationRequest { Name = receipt.Conversation, AgentId = "kim" }), StatusCode.FailedPrecondition);
        Assert.Contains("jd", claimed.Status.Detail, StringComparison.Ordinal);

        await api.Conversations.ResolveConversationAsync(new Wire.ResolveConversationRequest { Name = receipt.Conversation, AgentId = "jd" });
        var reply = await Fails(api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = receipt.Conversation, AgentId = "jd", Text = "hi" }), StatusCode.FailedPrecondition);
        Assert.Contains("resolved", reply.Status.Detail, StringComparison.Ordinal);
        await Fails(api.Conversations.ReopenConversationAsync(new Wire.ReopenConversationRequest { Name = $"tenants/{tenant}/conversations/{receipt.Conversation.Split('/')[^1]}", AgentId = "line\nbreak" }), StatusCode.InvalidArgument, "agent_id");
    }

    [Fact]
    public async Task Replies_are_checked_against_their_channel()
    {
        var tenant = await api.NewTenantAsync();
        var receipt = await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann", "Help please")));
        await Fails(api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = receipt.Conversation, AgentId = "jd", Text = new string('a', 281) }), StatusCode.InvalidArgument, "text");
        await Fails(api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = receipt.Conversation, AgentId = "jd", Text = "" }), StatusCode.InvalidArgument, "text");
        var ok = await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = receipt.Conversation, AgentId = "jd", Text = new string('a', 281), Visibility = Wire.Visibility.Private });
        Assert.Equal(Wire.Visibility.Private, ok.Reply.Visibility);
        await Fails(api.Conversations.EscalateAsync(new Wire.EscalateRequest { Name = receipt.Conversation, AgentId = "jd", TeamId = "nowhere", Note = "x" }), StatusCode.NotFound, "team_id");
    }

    [Fact]
    public async Task Tenant_set_up_errors_name_the_field()
    {
        var id = $"t{Guid.NewGuid():N}"[..20];
        await api.Admin.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = new Wire.Tenant { TenantId = id } });
        await Fails(api.Admin.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = new Wire.Tenant { TenantId = id } }), StatusCode.AlreadyExists);
        await Fails(api.Admin.CreateTenantAsync(new Wire.CreateTenantRequest()), StatusCode.InvalidArgument, "tenant");

        var badZone = new Wire.Tenant { TenantId = $"t{Guid.NewGuid():N}"[..20], Calendar = new Wire.BusinessCalendar { TimeZone = "Mars/Base" } };
        badZone.Calendar.WeeklyHours.Add(new Wire.BusinessHours { Day = Wire.Weekday.Monday, OpenTime = "09:00", CloseTime = "17:00" });
        await Fails(api.Admin.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = badZone }), StatusCode.InvalidArgument, "tenant.calendar.time_zone");

        var badTime = new Wire.Tenant { TenantId = $"t{Guid.NewGuid():N}"[..20], Calendar = new Wire.BusinessCalendar { TimeZone = "UTC" } };
        badTime.Calendar.WeeklyHours.Add(new Wire.BusinessHours { Day = Wire.Weekday.Monday, OpenTime = "9am", CloseTime = "17:00" });
        await Fails(api.Admin.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = badTime }), StatusCode.InvalidArgument, "tenant.calendar.weekly_hours[0].open_time");
    }
}
