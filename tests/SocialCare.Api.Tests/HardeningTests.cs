using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Health.V1;
using SocialCare.Contracts;
using SocialCare.Fuzzing;

namespace SocialCare.Api.Tests;

/// <summary>The black-box fuzz run's findings, each as the request that showed it.</summary>
[Collection(ApiCollection.Name)]
public sealed class HardeningTests(ApiFixture api)
{
    private const string IngestMention = "/socialcare.v1.IngestService/IngestMention";
    private const string IngestMentions = "/socialcare.v1.IngestService/IngestMentions";
    private const string GetTenant = "/socialcare.v1.AdminService/GetTenant";

    [Fact]
    public async Task A_refused_reopen_leaves_the_conversation_resolved()
    {
        var tenant = await api.NewTenantAsync();
        var conversation = (await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann", "Lost my bag")))).Conversation;
        await api.Conversations.ResolveConversationAsync(new Wire.ResolveConversationRequest { Name = conversation, AgentId = "jd" });

        await Expect.Fails(api.Conversations.ReopenConversationAsync(new Wire.ReopenConversationRequest { Name = conversation, AgentId = "jd", Note = new string('n', 10_001) }), StatusCode.InvalidArgument, "note");

        var after = (await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = conversation })).Conversation;
        Assert.Equal(Wire.ConversationState.Resolved, after.State);
        Assert.Equal(0, after.ReopenCount);
        await Expect.Fails(api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = conversation, AgentId = "jd", Text = "hi" }), StatusCode.FailedPrecondition);
        var reopened = await api.Conversations.ReopenConversationAsync(new Wire.ReopenConversationRequest { Name = conversation, AgentId = "jd", Note = "Customer wrote back" });
        Assert.Equal(1, reopened.Conversation.ReopenCount);
        Assert.Single((await api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}" })).Items);
    }

    [Fact]
    public async Task A_retried_reply_is_found_after_55_notes_and_refused_under_another_agent()
    {
        var tenant = await api.NewTenantAsync();
        var conversation = (await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann", "Flight cancelled")))).Conversation;
        var reply = new Wire.PostReplyRequest { Name = conversation, AgentId = "jd", Text = "We'll DM you to rebook you now.", RequestId = "R" };
        var first = await api.Conversations.PostReplyAsync(reply);
        for (var i = 0; i < 55; i++)
        {
            await api.Conversations.AddNoteAsync(new Wire.AddNoteRequest { Name = conversation, AgentId = "jd", Text = $"note {i}" });
        }

        var retry = await api.Conversations.PostReplyAsync(reply);
        Assert.Equal(first.Reply.MessageId, retry.Reply.MessageId);
        Assert.Equal(first.Reply.Text, retry.Reply.Text);

        var other = reply.Clone();
        other.AgentId = "kim";
        await Expect.Fails(api.Conversations.PostReplyAsync(other), StatusCode.InvalidArgument, "request_id");

        var history = await api.Conversations.ListConversationMessagesAsync(new Wire.ListConversationMessagesRequest { Parent = conversation, PageSize = 500 });
        Assert.Single(history.Messages, m => m.Kind == Wire.MessageKind.AgentReply);
    }

    [Fact]
    public async Task A_huge_id_is_refused_with_a_short_status_and_the_connection_stays_usable()
    {
        var mention = Requests.Mention(new string('a', 70_000), "ann", "hello");
        var ex = await Expect.Fails(api.Ingest.IngestMentionAsync(Requests.Ingest(mention), deadline: DateTime.UtcNow.AddSeconds(30)), StatusCode.InvalidArgument, "mention.tenant_id");
        Assert.True(ex.Status.Detail.Length <= 1_024, $"{ex.Status.Detail.Length} characters");

        var tenant = await api.NewTenantAsync();
        var read = await api.Admin.GetTenantAsync(new Wire.GetTenantRequest { Name = $"tenants/{tenant}" }, deadline: DateTime.UtcNow.AddSeconds(30));
        Assert.Equal(tenant, read.Tenant.TenantId);
    }

    public static TheoryData<string, byte[], string?> UnreadableBodies() => new()
    {
        // A string field (name) holding a lone surrogate as grpc-js encodes it: not UTF-8.
        { "invalid UTF-8", RawGrpc.Frame([0x0A, 0x03, 0xED, 0xA0, 0x80]), null },
        { "truncated protobuf", RawGrpc.Frame([0x0A, 0x10, (byte)'t', (byte)'e']), null },
        { "bad wire type", RawGrpc.Frame([0x0F, 0x01]), null },
        { "random bytes", RawGrpc.Frame([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]), null },
        { "empty body", [], null },
        { "two messages", [.. RawGrpc.Frame([0x0A, 0x01, (byte)'x']), .. RawGrpc.Frame([0x0A, 0x01, (byte)'y'])], null },
        { "compressed without grpc-encoding", RawGrpc.Frame([0x0A, 0x01, (byte)'x'], compressed: true), null },
        { "compressed, not gzip", RawGrpc.Frame([0x0A, 0x01, (byte)'x'], compressed: true), "gzip" },
        { "length past the body", RawGrpc.Frame([0x0A, 0x01, (byte)'x'], declaredLength: 50), null },
        { "half a frame header", [0x00, 0x00], null },
    };

    [Theory]
    [MemberData(nameof(UnreadableBodies))]
    public async Task Unreadable_requests_are_invalid_argument_on_unary_calls(string what, byte[] body, string? encoding)
    {
        using var raw = new RawGrpc(api.Address, CareCredential.Bearer(api.DeskToken));
        foreach (var path in new[] { GetTenant, IngestMention, "/socialcare.v1.QueueService/WatchQueue" })
        {
            var status = await raw.SendAsync(path, body, encoding);
            Assert.True(status.Grpc == (int)StatusCode.InvalidArgument, $"{what} on {path}: {status.Grpc} {status.Message}");
            Assert.False(string.IsNullOrEmpty(status.Message));
        }

        await ServingAsync();
    }

    [Fact]
    public async Task A_truncated_message_on_the_ingest_stream_ends_it_invalid_argument_after_answering_the_good_ones()
    {
        var tenant = await api.NewTenantAsync();
        var good = new Wire.IngestMentionsRequest { CorrelationId = "1", Mention = Requests.Mention(tenant, "ann", "hello") }.ToByteArray();
        using var raw = new RawGrpc(api.Address, CareCredential.Bearer(api.DeskToken));
        var status = await raw.SendAsync(IngestMentions, [.. RawGrpc.Frame(good), .. RawGrpc.Frame([0x0A, 0x40, 0x01])]);
        Assert.Equal((int)StatusCode.InvalidArgument, status.Grpc);
        Assert.True(status.Body.Length > 5, "the good mention was answered before the status");
        Assert.Single((await api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}" })).Items);
    }

    [Fact]
    public async Task Non_normalised_durations_are_refused_naming_the_field()
    {
        var tenant = new Wire.Tenant { TenantId = NewId(), ReopenWindow = new Duration { Seconds = 60, Nanos = 1_000_000_000 } };
        await Expect.Fails(api.Admin.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = tenant }), StatusCode.InvalidArgument, "tenant.reopen_window");

        var mixedSigns = new Wire.Tenant { TenantId = NewId(), SlaPolicy = DefaultPolicy() };
        mixedSigns.SlaPolicy.Targets[0].FirstResponse = new Duration { Seconds = 60, Nanos = -5 };
        await Expect.Fails(api.Admin.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = mixedSigns }), StatusCode.InvalidArgument, "tenant.sla_policy.targets[0].first_response");
    }

    [Theory]
    [InlineData("America")]
    [InlineData("Europe/")]
    [InlineData("right")]
    [InlineData("../zoneinfo/UTC")]
    public async Task Time_zones_naming_a_directory_or_a_path_are_refused(string zone)
    {
        var tenant = new Wire.Tenant { TenantId = NewId(), Calendar = new Wire.BusinessCalendar { TimeZone = zone } };
        tenant.Calendar.WeeklyHours.Add(new Wire.BusinessHours { Day = Wire.Weekday.Monday, OpenTime = "09:00", CloseTime = "17:00" });
        await Expect.Fails(api.Admin.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = tenant }), StatusCode.InvalidArgument, "tenant.calendar.time_zone");
    }

    [Fact]
    public async Task Nul_characters_are_refused_in_text_notes_and_ids()
    {
        var tenant = await api.NewTenantAsync();
        await Expect.Fails(api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann", "he\0llo"))), StatusCode.InvalidArgument, "mention.text");
        await Expect.Fails(api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "an\0n", "hello"))), StatusCode.InvalidArgument, "mention.author.network_user_id");
        var conversation = (await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann", "hello")))).Conversation;
        await Expect.Fails(api.Conversations.AddNoteAsync(new Wire.AddNoteRequest { Name = conversation, AgentId = "jd", Text = "a\0b" }), StatusCode.InvalidArgument, "text");
        await Expect.Fails(api.Conversations.ClaimConversationAsync(new Wire.ClaimConversationRequest { Name = conversation, AgentId = "j\0d" }), StatusCode.InvalidArgument, "agent_id");
        Assert.Equal(1, (await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = conversation })).Conversation.MessageCount);
    }

    [Fact]
    public async Task Settings_that_would_fail_every_later_ingest_are_refused()
    {
        var hugeTarget = new Wire.Tenant { TenantId = NewId(), SlaPolicy = DefaultPolicy() };
        foreach (var target in hugeTarget.SlaPolicy.Targets)
        {
            target.Resolution = new Duration { Seconds = 315_576_000_000 };
        }

        await Expect.Fails(api.Admin.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = hugeTarget }), StatusCode.InvalidArgument, "tenant.sla_policy.targets");

        var oneMinuteAWeek = new Wire.Tenant { TenantId = NewId(), SlaPolicy = DefaultPolicy(), Calendar = new Wire.BusinessCalendar { TimeZone = "Europe/Amsterdam" } };
        oneMinuteAWeek.Calendar.WeeklyHours.Add(new Wire.BusinessHours { Day = Wire.Weekday.Monday, OpenTime = "09:00", CloseTime = "09:01" });
        foreach (var target in oneMinuteAWeek.SlaPolicy.Targets)
        {
            target.Resolution = Duration.FromTimeSpan(TimeSpan.FromHours(100));
        }

        await Expect.Fails(api.Admin.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = oneMinuteAWeek }), StatusCode.InvalidArgument, "tenant.sla_policy");

        var holidays = new Wire.Tenant { TenantId = NewId(), Calendar = new Wire.BusinessCalendar { TimeZone = "Europe/Amsterdam" } };
        holidays.Calendar.WeeklyHours.Add(new Wire.BusinessHours { Day = Wire.Weekday.Monday, OpenTime = "09:00", CloseTime = "10:00" });
        holidays.Calendar.Holidays.AddRange(Enumerable.Range(0, 3_000).Select(i => new DateOnly(2026, 1, 1).AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        await Expect.Fails(api.Admin.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = holidays }), StatusCode.InvalidArgument, "tenant.calendar.holidays");
    }

    [Fact]
    public async Task Only_the_owner_escalates_or_resolves_a_claimed_conversation()
    {
        var tenant = await api.NewTenantAsync();
        var conversation = (await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann", "Refund please")))).Conversation;
        await api.Conversations.ClaimConversationAsync(new Wire.ClaimConversationRequest { Name = conversation, AgentId = "jd" });
        await Expect.Fails(api.Conversations.EscalateAsync(new Wire.EscalateRequest { Name = conversation, AgentId = "kim", TeamId = "legal", Note = "mine now" }), StatusCode.FailedPrecondition);
        await Expect.Fails(api.Conversations.ResolveConversationAsync(new Wire.ResolveConversationRequest { Name = conversation, AgentId = "kim" }), StatusCode.FailedPrecondition);
        var noted = await api.Conversations.AddNoteAsync(new Wire.AddNoteRequest { Name = conversation, AgentId = "kim", Text = "She called too." });
        Assert.Equal("jd", noted.Conversation.AssignedAgentId);
        Assert.Equal("first-line", noted.Conversation.TeamId);
    }

    [Fact]
    public async Task A_team_holding_open_conversations_cannot_be_removed()
    {
        var tenant = await api.NewTenantAsync();
        var conversation = (await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann", "Sue you")))).Conversation;
        await api.Conversations.EscalateAsync(new Wire.EscalateRequest { Name = conversation, AgentId = "jd", TeamId = "legal", Note = "legal threat" });
        var current = (await api.Admin.GetTenantAsync(new Wire.GetTenantRequest { Name = $"tenants/{tenant}" })).Tenant;

        var withoutLegal = current.Clone();
        withoutLegal.Teams.Remove(withoutLegal.Teams.Single(t => t.TeamId == "legal"));
        var ex = await Expect.Fails(api.Admin.UpdateTenantAsync(new Wire.UpdateTenantRequest { Tenant = withoutLegal }), StatusCode.FailedPrecondition, "tenant.teams");
        Assert.Contains("1 open conversation", ex.Status.Detail, StringComparison.Ordinal);

        var withoutPr = current.Clone();
        withoutPr.Teams.Remove(withoutPr.Teams.Single(t => t.TeamId == "pr"));
        var updated = await api.Admin.UpdateTenantAsync(new Wire.UpdateTenantRequest { Tenant = withoutPr });
        Assert.DoesNotContain(updated.Tenant.Teams, t => t.TeamId == "pr");
    }

    [Fact]
    public async Task A_customer_whose_only_identity_moved_points_to_where_it_went()
    {
        var tenant = await api.NewTenantAsync();
        var ann = await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann-x", "hello on X")));
        var annWhatsApp = await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann-wa", "hello on WhatsApp", Wire.Channel.Whatsapp)));

        await api.Customers.LinkIdentityAsync(new Wire.LinkIdentityRequest { Name = ann.Customer, Channel = Wire.Channel.Whatsapp, NetworkUserId = "ann-wa" });
        var old = (await api.Customers.GetCustomerAsync(new Wire.GetCustomerRequest { Name = annWhatsApp.Customer })).Customer;
        Assert.Equal(ann.Customer, old.MergedInto);
        Assert.Empty(old.Identities);
        await Expect.Fails(api.Customers.LinkIdentityAsync(new Wire.LinkIdentityRequest { Name = annWhatsApp.Customer, Channel = Wire.Channel.X, NetworkUserId = "ann-x" }), StatusCode.FailedPrecondition, "name");
        Assert.Equal(2, (await api.Customers.GetCustomerAsync(new Wire.GetCustomerRequest { Name = ann.Customer })).Customer.Identities.Count);
    }

    [Fact]
    public async Task Lengths_count_characters_as_people_and_x_count_them()
    {
        var tenant = await api.NewTenantAsync();
        var emoji = string.Concat(Enumerable.Repeat("😀", 6_000));
        var conversation = (await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann", emoji)))).Conversation;
        var fits = await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = conversation, AgentId = "jd", Text = string.Concat(Enumerable.Repeat("🙏", 139)) });
        Assert.Equal(Wire.MessageKind.AgentReply, fits.Reply.Kind);
        await Expect.Fails(api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = conversation, AgentId = "jd", Text = string.Concat(Enumerable.Repeat("🙏", 141)) }), StatusCode.InvalidArgument, "text");
    }

    private async Task ServingAsync()
    {
        var health = await new Health.HealthClient(api.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    private static string NewId() => $"t{Guid.NewGuid():N}"[..20];

    private static Wire.SlaPolicy DefaultPolicy() => SlaPolicies.Uniform(TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(24));
}
