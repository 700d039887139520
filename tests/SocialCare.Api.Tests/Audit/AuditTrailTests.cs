using System.Text;
using System.Text.Json;
using Grpc.Core;
using SocialCare.Api.Access;
using SocialCare.Contracts;
using SocialCare.Domain.Access;
using SocialCare.Domain.Audit;

namespace SocialCare.Api.Tests.Audit;

/// <summary>The trail over the real API: every action leaves exactly one entry, every refusal one, and the chain verifies.</summary>
[Collection(ApiCollection.Name)]
public sealed class AuditTrailTests(ApiFixture api)
{
    private Wire.AuditService.AuditServiceClient Audit => new(api.Channel);

    private async Task<List<Wire.AuditEntry>> TrailAsync(string tenant, Action<Wire.ListAuditEntriesRequest>? filter = null)
    {
        var entries = new List<Wire.AuditEntry>();
        var token = "";
        do
        {
            var request = new Wire.ListAuditEntriesRequest { Parent = $"tenants/{tenant}", PageSize = 7, PageToken = token };
            filter?.Invoke(request);
            var page = await Audit.ListAuditEntriesAsync(request);
            entries.AddRange(page.Entries);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        return entries;
    }

    [Fact]
    public async Task Linking_an_identity_records_each_conversation_it_moves_between_customers()
    {
        var tenant = await api.NewTenantAsync();
        var onX = await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann", "Where is my order?", Wire.Channel.X)));
        var onMessenger = await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "fb-991", "Order 55 still missing", Wire.Channel.Messenger)));
        using var jdChannel = api.ChannelFor(CareCredential.Bearer(api.Token(new TokenSubject("jd", [tenant], CareRoles.Agent))));

        await new Wire.CustomerService.CustomerServiceClient(jdChannel).LinkIdentityAsync(
            new Wire.LinkIdentityRequest { Name = onX.Customer, Channel = Wire.Channel.Messenger, NetworkUserId = "fb-991" });
        // Linking it again moves nothing, so it records nothing.
        await api.Customers.LinkIdentityAsync(new Wire.LinkIdentityRequest { Name = onX.Customer, Channel = Wire.Channel.Messenger, NetworkUserId = "fb-991" });

        var moved = Assert.Single(await TrailAsync(tenant, r => r.Action = AuditActions.CustomerChanged));
        var messengerConversation = onMessenger.Conversation[(onMessenger.Conversation.LastIndexOf('/') + 1)..];
        Assert.Equal((messengerConversation, "jd", Wire.AuditOutcome.Succeeded), (moved.ConversationId, moved.Actor, moved.Outcome));
        Assert.Equal($"from={onMessenger.Customer[(onMessenger.Customer.IndexOf("/customers/", StringComparison.Ordinal) + 1)..]} to={onX.Customer[(onX.Customer.IndexOf("/customers/", StringComparison.Ordinal) + 1)..]}", moved.Detail);
    }

    [Fact]
    public async Task Every_action_leaves_exactly_one_entry_naming_who_did_it()
    {
        var tenant = await api.NewTenantAsync();
        var key = await api.Admin.CreateApiKeyAsync(new Wire.CreateApiKeyRequest { Parent = $"tenants/{tenant}", ApiKey = new Wire.ApiKey { DisplayName = "connector", Roles = { Wire.Role.Connector } } });
        using var connector = api.ChannelFor(CareCredential.ApiKey(key.Secret));
        var ingest = new Wire.IngestService.IngestServiceClient(connector);
        var opened = await ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ana", "My card was charged twice.", messageId: "m1")));
        await ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ana", "Still nothing.", messageId: "m2")));
        // A retried mention is a duplicate: it changes nothing, so it records nothing.
        await ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ana", "Still nothing.", messageId: "m2")));

        using var jdChannel = api.ChannelFor(CareCredential.Bearer(api.Token(new TokenSubject("jd", [tenant], CareRoles.Agent, Location: AgentLocation.Remote))));
        var jd = new Wire.ConversationService.ConversationServiceClient(jdChannel);
        var name = opened.Conversation;
        await jd.ClaimConversationAsync(new Wire.ClaimConversationRequest { Name = name });
        await jd.PostReplyAsync(new Wire.PostReplyRequest { Name = name, Text = "Sorry, checking now.", RequestId = "reply-1" });
        await jd.AddNoteAsync(new Wire.AddNoteRequest { Name = name, Text = "Refund requested." });
        // The supervisor (the suite's desk caller) acts for jd, then reassigns.
        await api.Conversations.EscalateAsync(new Wire.EscalateRequest { Name = name, AgentId = "jd", TeamId = "legal", Note = "Chargeback." });
        await api.Conversations.AssignConversationAsync(new Wire.AssignConversationRequest { Name = name, AssigneeId = "kim" });
        await api.Conversations.ResolveConversationAsync(new Wire.ResolveConversationRequest { Name = name, AgentId = "kim" });
        await api.Conversations.ReopenConversationAsync(new Wire.ReopenConversationRequest { Name = name, AgentId = "kim" });
        var settings = (await api.Admin.GetTenantAsync(new Wire.GetTenantRequest { Name = $"tenants/{tenant}" })).Tenant;
        settings.DisplayName = "Renamed brand";
        await api.Admin.UpdateTenantAsync(new Wire.UpdateTenantRequest { Tenant = settings });
        await api.Admin.RevokeApiKeyAsync(new Wire.RevokeApiKeyRequest { Name = key.ApiKey.Name });

        var trail = await TrailAsync(tenant);

        Assert.Equal(
            [
                AuditActions.TenantCreated, AuditActions.ApiKeyCreated, AuditActions.ConversationOpened, AuditActions.MessageReceived,
                AuditActions.Claimed, AuditActions.Replied, AuditActions.NoteAdded, AuditActions.Escalated, AuditActions.Assigned,
                AuditActions.Resolved, AuditActions.Reopened, AuditActions.TenantUpdated, AuditActions.ApiKeyRevoked,
            ],
            trail.Select(e => e.Action));
        Assert.Equal(Enumerable.Range(1, trail.Count).Select(i => (long)i), trail.Select(e => e.Position));
        Assert.All(trail, e => Assert.Equal(Wire.AuditOutcome.Succeeded, e.Outcome));

        var conversationId = name[(name.LastIndexOf('/') + 1)..];
        var received = trail.Single(e => e.Action == AuditActions.MessageReceived);
        Assert.Equal($"key:{key.ApiKey.Name[(key.ApiKey.Name.LastIndexOf('/') + 1)..]}", received.Actor);
        Assert.Equal("connector", received.Role);
        Assert.Equal(conversationId, received.ConversationId);
        Assert.Contains("network_message_id=m2", received.Detail, StringComparison.Ordinal);

        var reply = trail.Single(e => e.Action == AuditActions.Replied);
        Assert.Equal(("jd", "", "agent", "remote", "reply-1"), (reply.Actor, reply.ActedBy, reply.Role, reply.Location, reply.RequestId));
        Assert.DoesNotContain("checking", reply.Detail, StringComparison.Ordinal);
        var escalated = trail.Single(e => e.Action == AuditActions.Escalated);
        Assert.Equal(("jd", ApiFixture.Desk.AgentId), (escalated.Actor, escalated.ActedBy));
        Assert.Equal($"conversations/{conversationId}", escalated.Target);
        Assert.Contains("to=legal", escalated.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_call_leaves_one_entry_in_the_trail_of_the_callers_tenant_and_none_elsewhere()
    {
        var tenant = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        using var channel = api.ChannelFor(CareCredential.Bearer(api.Token(new TokenSubject("lee", [tenant], CareRoles.Agent))));
        var admin = new Wire.AdminService.AdminServiceClient(channel);
        var before = (await TrailAsync(tenant)).Count;

        // No role for it: PERMISSION_DENIED.
        var settings = (await api.Admin.GetTenantAsync(new Wire.GetTenantRequest { Name = $"tenants/{tenant}" })).Tenant;
        var denied = await Assert.ThrowsAsync<RpcException>(() => admin.UpdateTenantAsync(new Wire.UpdateTenantRequest { Tenant = settings }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        // Another tenant: NOT_FOUND to the caller, a denial in its own tenant's trail.
        var hidden = await Assert.ThrowsAsync<RpcException>(() => admin.GetTenantAsync(new Wire.GetTenantRequest { Name = $"tenants/{other}" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, hidden.StatusCode);

        var trail = await TrailAsync(tenant);
        var denials = trail.Skip(before).ToList();
        Assert.Equal(2, denials.Count);
        Assert.All(denials, d => Assert.Equal((AuditActions.Denied, Wire.AuditOutcome.Denied, "lee"), (d.Action, d.Outcome, d.Actor)));
        Assert.Equal(["UpdateTenant", "GetTenant"], denials.Select(d => d.Target));
        Assert.Contains(other, denials[1].Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(await TrailAsync(other), e => e.Action == AuditActions.Denied);
        Assert.Equal(before, trail.Count(e => e.Action != AuditActions.Denied));
    }

    [Fact]
    public async Task A_refusal_inside_a_conversation_is_recorded_too()
    {
        var tenant = await api.NewTenantAsync();
        var opened = await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "bo", "Where is my refund?")));
        // An agent of the legal team only, and a conversation with the tenant's first-line team.
        using var kimChannel = api.ChannelFor(CareCredential.Bearer(api.Token(new TokenSubject("kim", [tenant], CareRoles.Agent, Teams: ["legal"]))));

        var refused = await Assert.ThrowsAsync<RpcException>(() => new Wire.ConversationService.ConversationServiceClient(kimChannel)
            .ClaimConversationAsync(new Wire.ClaimConversationRequest { Name = opened.Conversation }).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        var denial = Assert.Single(await TrailAsync(tenant), e => e.Action == AuditActions.Denied);
        Assert.Equal(("kim", "ClaimConversation"), (denial.Actor, denial.Target));
        Assert.DoesNotContain(await TrailAsync(tenant), e => e.Action == AuditActions.Claimed);
    }

    [Fact]
    public async Task Listing_filters_by_conversation_actor_action_and_time()
    {
        var tenant = await api.NewTenantAsync();
        var first = await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "a1", "Lost bag.")));
        var second = await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "a2", "Delayed flight.")));
        await api.Conversations.ClaimConversationAsync(new Wire.ClaimConversationRequest { Name = first.Conversation, AgentId = "jd" });
        api.Clock.Advance(TimeSpan.FromHours(1));
        var later = api.Clock.GetUtcNow();
        await api.Conversations.ClaimConversationAsync(new Wire.ClaimConversationRequest { Name = second.Conversation, AgentId = "kim" });
        var secondId = second.Conversation[(second.Conversation.LastIndexOf('/') + 1)..];

        Assert.Equal([AuditActions.ConversationOpened, AuditActions.Claimed], (await TrailAsync(tenant, r => r.ConversationId = secondId)).Select(e => e.Action));
        Assert.Equal(["jd"], (await TrailAsync(tenant, r => r.Actor = "jd")).Select(e => e.Actor));
        Assert.Equal(2, (await TrailAsync(tenant, r => r.Action = AuditActions.ConversationOpened)).Count);
        var recent = Assert.Single(await TrailAsync(tenant, r => r.StartTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(later)));
        Assert.Equal("kim", recent.Actor);
        await Expect.Fails(Audit.ListAuditEntriesAsync(new Wire.ListAuditEntriesRequest { Parent = $"tenants/{tenant}", PageToken = "abc" }), StatusCode.InvalidArgument, "page_token");
    }

    [Fact]
    public async Task The_chain_verifies_exports_as_json_lines_and_holds_to_an_anchor()
    {
        var tenant = await api.NewTenantAsync();
        for (var i = 0; i < 5; i++)
        {
            await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, $"author-{i}", "Where is my parcel?")));
        }

        var verified = await Audit.VerifyAuditTrailAsync(new Wire.VerifyAuditTrailRequest { Parent = $"tenants/{tenant}" });
        Assert.True(verified.Intact, verified.Reason);
        Assert.Equal(6, verified.EntriesChecked);
        var trail = await TrailAsync(tenant);
        var head = Assert.Single(verified.Heads);
        Assert.Equal((trail[^1].Lane, trail[^1].LaneSequence, trail[^1].Hash), (head.Lane, head.Sequence, head.Hash));

        Wire.VerifyAuditTrailRequest Anchored(Wire.AuditEntry at, string hash) =>
            new() { Parent = $"tenants/{tenant}", Anchor = { new Wire.AuditLaneHead { Lane = at.Lane, Sequence = at.LaneSequence, Hash = hash } } };
        var anchored = await Audit.VerifyAuditTrailAsync(Anchored(trail[2], trail[2].Hash));
        Assert.True(anchored.Intact, anchored.Reason);
        var wrong = await Audit.VerifyAuditTrailAsync(Anchored(trail[2], trail[1].Hash));
        Assert.False(wrong.Intact);
        Assert.Equal(3, wrong.BrokenSequence);
        await Expect.Fails(Audit.VerifyAuditTrailAsync(Anchored(trail[2], "zz")), StatusCode.InvalidArgument, "anchor[0].hash");

        var lines = new StringBuilder();
        using var export = Audit.ExportAuditTrail(new Wire.ExportAuditTrailRequest { Parent = $"tenants/{tenant}", ResumeToken = "2" });
        await foreach (var chunk in export.ResponseStream.ReadAllAsync())
        {
            lines.Append(chunk.JsonLines.ToStringUtf8());
        }

        var exported = lines.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(trail.Skip(2).Select(e => e.Position.ToString(System.Globalization.CultureInfo.InvariantCulture)), exported.Select(e => e.GetProperty("position").GetString()));
        Assert.Equal(trail[^1].Hash, exported[^1].GetProperty("hash").GetString());
        Assert.Equal(AuditActions.ConversationOpened, exported[0].GetProperty("action").GetString());
    }
}
