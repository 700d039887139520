using Grpc.Core;
using SocialCare.Api.Access;
using SocialCare.Contracts;
using SocialCare.Domain.Access;
using SocialCare.Domain.Audit;

namespace SocialCare.Api.Tests;

/// <summary>An agent hands a conversation back to the queue; supervisors may for anyone.</summary>
[Collection(ApiCollection.Name)]
public sealed class ReleaseConversationTests(ApiFixture api)
{
    private Wire.ConversationService.ConversationServiceClient As(string agentId, CareRoles roles, string tenant) =>
        new(api.ChannelFor(CareCredential.Bearer(api.Token(new TokenSubject(agentId, [tenant], roles)))));

    [Fact]
    public async Task A_released_conversation_is_back_in_the_queue_unclaimed_noted_and_audited()
    {
        var tenant = await api.NewTenantAsync();
        var opened = await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann", "Where is my bag?")));
        var jd = As("jd", CareRoles.Agent, tenant);
        await jd.ClaimConversationAsync(new Wire.ClaimConversationRequest { Name = opened.Conversation });
        Assert.Empty((await api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}", UnassignedOnly = true })).Items);

        var released = (await jd.ReleaseConversationAsync(new Wire.ReleaseConversationRequest { Name = opened.Conversation })).Conversation;

        Assert.Equal((Wire.ConversationState.Open, ""), (released.State, released.AssignedAgentId));
        var unassigned = (await api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}", UnassignedOnly = true })).Items;
        Assert.Equal(opened.Conversation, Assert.Single(unassigned).Conversation);
        var history = await api.Conversations.ListConversationMessagesAsync(new Wire.ListConversationMessagesRequest { Parent = opened.Conversation });
        Assert.Equal("Released by jd: back in the queue.", history.Messages[^1].Text);
        var trail = await new Wire.AuditService.AuditServiceClient(api.Channel).ListAuditEntriesAsync(new Wire.ListAuditEntriesRequest { Parent = $"tenants/{tenant}", Action = AuditActions.Released });
        var entry = Assert.Single(trail.Entries);
        Assert.Equal(("jd", "from=jd"), (entry.Actor, entry.Detail));
    }

    [Fact]
    public async Task Another_agents_conversation_is_released_only_by_a_supervisor()
    {
        var tenant = await api.NewTenantAsync();
        var opened = await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann", "Where is my bag?")));
        await As("jd", CareRoles.Agent, tenant).ClaimConversationAsync(new Wire.ClaimConversationRequest { Name = opened.Conversation });

        await Expect.Fails(As("kim", CareRoles.Agent, tenant).ReleaseConversationAsync(new Wire.ReleaseConversationRequest { Name = opened.Conversation }), StatusCode.PermissionDenied);
        var released = (await As("sue", CareRoles.Supervisor, tenant).ReleaseConversationAsync(new Wire.ReleaseConversationRequest { Name = opened.Conversation })).Conversation;

        Assert.Equal("", released.AssignedAgentId);
        var history = await api.Conversations.ListConversationMessagesAsync(new Wire.ListConversationMessagesRequest { Parent = opened.Conversation });
        Assert.Equal("Released from jd by sue: back in the queue.", history.Messages[^1].Text);
    }
}
