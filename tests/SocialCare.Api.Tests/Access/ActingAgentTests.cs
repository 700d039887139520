using Grpc.Core;
using Grpc.Net.Client;
using SocialCare.Api.Access;
using SocialCare.Contracts;
using SocialCare.Domain.Access;

namespace SocialCare.Api.Tests.Access;

/// <summary>The acting agent is the caller's; supervisors act for others on the record; teams bound agents.</summary>
[Collection(ApiCollection.Name)]
public sealed class ActingAgentTests(ApiFixture api)
{
    private GrpcChannel As(string agentId, string tenant, CareRoles roles, params string[] teams) =>
        api.ChannelFor(CareCredential.Bearer(api.Token(new TokenSubject(agentId, [tenant], roles, teams.Length == 0 ? null : teams))));

    private async Task<string> OpenAsync(string tenant) =>
        (await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, $"c-{Guid.NewGuid():N}"[..16], "My bag never arrived.")))).Conversation;

    [Fact]
    public async Task An_agent_acts_as_itself_and_may_not_name_another_agent()
    {
        var tenant = await api.NewTenantAsync();
        var conversation = await OpenAsync(tenant);
        using var kim = As("kim", tenant, CareRoles.Agent);
        var conversations = new Wire.ConversationService.ConversationServiceClient(kim);

        await Expect.Fails(conversations.ClaimConversationAsync(new Wire.ClaimConversationRequest { Name = conversation, AgentId = "jd" }), StatusCode.PermissionDenied, "agent_id");
        var claimed = await conversations.ClaimConversationAsync(new Wire.ClaimConversationRequest { Name = conversation });
        Assert.Equal("kim", claimed.Conversation.AssignedAgentId);
        var reply = await conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = conversation, AgentId = "kim", Text = "On it." });
        Assert.Equal(("kim", ""), (reply.Reply.AgentId, reply.Reply.ActedBy));
    }

    [Fact]
    public async Task A_supervisor_acting_for_an_agent_is_held_to_that_agents_rules_and_recorded()
    {
        var tenant = await api.NewTenantAsync();
        var conversation = await OpenAsync(tenant);
        using var jd = As("jd", tenant, CareRoles.Agent);
        await new Wire.ConversationService.ConversationServiceClient(jd).ClaimConversationAsync(new Wire.ClaimConversationRequest { Name = conversation });
        using var lead = As("lead", tenant, CareRoles.Supervisor);
        var conversations = new Wire.ConversationService.ConversationServiceClient(lead);

        // For kim, the supervisor may not reply to jd's conversation, as kim may not.
        await Expect.Fails(conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = conversation, AgentId = "kim", Text = "Hi" }), StatusCode.FailedPrecondition);
        var reply = await conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = conversation, AgentId = "jd", Text = "We found your bag." });
        Assert.Equal(("jd", "lead"), (reply.Reply.AgentId, reply.Reply.ActedBy));
    }

    [Fact]
    public async Task A_reply_without_a_signature_carries_the_callers_own_but_never_lends_it_to_another_agent()
    {
        var tenant = await api.NewTenantAsync();
        using var lead = api.ChannelFor(CareCredential.Bearer(api.Token(new TokenSubject("lead", [tenant], CareRoles.Supervisor, Signature: "^LD"))));
        var conversations = new Wire.ConversationService.ConversationServiceClient(lead);

        var own = await conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = await OpenAsync(tenant), Text = "We found your bag." });
        Assert.Equal("We found your bag. ^LD", own.Reply.Text);
        var forJd = await conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = await OpenAsync(tenant), AgentId = "jd", Text = "We found your bag." });
        Assert.Equal("We found your bag.", forJd.Reply.Text);
        var signed = await conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = await OpenAsync(tenant), Text = "We found your bag.", Signature = "^Team" });
        Assert.Equal("We found your bag. ^Team", signed.Reply.Text);
    }

    [Fact]
    public async Task A_supervisor_reassigns_an_owned_conversation_and_the_handover_is_noted()
    {
        var tenant = await api.NewTenantAsync();
        var conversation = await OpenAsync(tenant);
        await api.Conversations.ClaimConversationAsync(new Wire.ClaimConversationRequest { Name = conversation, AgentId = "jd" });
        using var lead = As("lead", tenant, CareRoles.Supervisor);
        var assigned = await new Wire.ConversationService.ConversationServiceClient(lead).AssignConversationAsync(new Wire.AssignConversationRequest { Name = conversation, AssigneeId = "kim" });
        Assert.Equal("kim", assigned.Conversation.AssignedAgentId);
        var history = await api.Conversations.ListConversationMessagesAsync(new Wire.ListConversationMessagesRequest { Parent = conversation });
        var note = history.Messages.Last();
        Assert.Equal((Wire.MessageKind.InternalNote, "lead"), (note.Kind, note.AgentId));
        Assert.Contains("kim", note.Text, StringComparison.Ordinal);
        Assert.Contains("jd", note.Text, StringComparison.Ordinal);

        using var jd = As("jd", tenant, CareRoles.Agent);
        await Expect.Fails(new Wire.ConversationService.ConversationServiceClient(jd).AssignConversationAsync(new Wire.AssignConversationRequest { Name = conversation, AssigneeId = "jd" }), StatusCode.PermissionDenied);
    }

    [Fact]
    public async Task An_agent_who_escalated_to_another_team_can_no_longer_resolve_it()
    {
        var tenant = await api.NewTenantAsync();
        var conversation = await OpenAsync(tenant);
        using var ann = As("ann", tenant, CareRoles.Agent, "first-line");
        var conversations = new Wire.ConversationService.ConversationServiceClient(ann);
        await conversations.EscalateAsync(new Wire.EscalateRequest { Name = conversation, TeamId = "legal", Note = "Threatens to sue." });

        await Expect.Fails(conversations.ResolveConversationAsync(new Wire.ResolveConversationRequest { Name = conversation }), StatusCode.PermissionDenied, "agent_id");
        await Expect.Fails(conversations.AddNoteAsync(new Wire.AddNoteRequest { Name = conversation, Text = "x" }), StatusCode.PermissionDenied, "agent_id");
        await Expect.Fails(conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = conversation }), StatusCode.PermissionDenied, "name");
        var state = await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = conversation });
        Assert.Equal((Wire.ConversationState.Open, "legal"), (state.Conversation.State, state.Conversation.TeamId));
    }

    [Fact]
    public async Task An_agent_limited_to_teams_reads_only_their_queues()
    {
        var tenant = await api.NewTenantAsync();
        await OpenAsync(tenant);
        using var ann = As("ann", tenant, CareRoles.Agent, "first-line");
        var queues = new Wire.QueueService.QueueServiceClient(ann);
        var own = await queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}/teams/first-line" });
        Assert.Single(own.Items);
        await Expect.Fails(queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}" }), StatusCode.PermissionDenied, "parent");
        await Expect.Fails(queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}/teams/legal" }), StatusCode.PermissionDenied, "parent");
    }
}
