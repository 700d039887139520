using Grpc.Core;
using SocialCare.Api.Access;
using SocialCare.Contracts;

namespace SocialCare.Api.Tests;

/// <summary>
/// An operator deletes a tenant: everything it stored goes, it answers as unknown at once, and
/// its id can be used again by a new tenant that inherits nothing.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TenantDeletionTests(ApiFixture api)
{
    private static Wire.DeleteTenantRequest Delete(string tenant) => new() { Name = $"tenants/{tenant}" };

    [Fact]
    public async Task A_deleted_tenant_is_gone_with_its_records_and_its_id_starts_afresh()
    {
        var tenant = await api.NewTenantAsync();
        var mention = Requests.Mention(tenant, "ann", "My bag never arrived in Oslo", messageId: "tweet-1");
        var opened = await api.Ingest.IngestMentionAsync(Requests.Ingest(mention));
        await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = opened.Conversation, AgentId = "jd", Text = "So sorry, Ann: we are on it." });
        var key = await api.Admin.CreateApiKeyAsync(new Wire.CreateApiKeyRequest
        {
            Parent = $"tenants/{tenant}",
            ApiKey = new Wire.ApiKey { DisplayName = "X connector", Roles = { Wire.Role.Connector } },
        });

        var deleted = await api.Admin.DeleteTenantAsync(Delete(tenant));

        Assert.True(deleted.Deleted);
        Assert.Equal(1, deleted.Removed["conversations"]);
        Assert.Equal(2, deleted.Removed["conversation_messages"]);
        Assert.Equal(1, deleted.Removed["network_messages"]);
        // The tenant itself, the author and the customer.
        Assert.True(deleted.Removed["grain_states"] >= 3, deleted.ToString());
        Assert.True(deleted.Removed["audit_entries"] >= 3, deleted.ToString());
        await Expect.Fails(api.Admin.GetTenantAsync(new Wire.GetTenantRequest { Name = $"tenants/{tenant}" }), StatusCode.NotFound);
        await Expect.Fails(api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "bob", "Hello?"))), StatusCode.NotFound);
        await Expect.Fails(api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = opened.Conversation }), StatusCode.NotFound);
        using (var channel = api.ChannelFor(CareCredential.ApiKey(key.Secret)))
        {
            await Expect.Fails(new Wire.AuthService.AuthServiceClient(channel).WhoAmIAsync(new Wire.WhoAmIRequest()), StatusCode.Unauthenticated);
        }

        // Deleting again: there is nothing to delete, unless the caller says that is fine.
        await Expect.Fails(api.Admin.DeleteTenantAsync(Delete(tenant)), StatusCode.NotFound, "name");
        var again = await api.Admin.DeleteTenantAsync(new Wire.DeleteTenantRequest { Name = $"tenants/{tenant}", AllowMissing = true });
        Assert.False(again.Deleted);
        Assert.Empty(again.Removed);

        // The id again: a new tenant, with none of the old one's conversations, authors or trail.
        await api.Admin.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = new Wire.Tenant { TenantId = tenant, DisplayName = "Test brand, again" } });
        var queue = await api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}" });
        Assert.Empty(queue.Items);
        var reopened = await api.Ingest.IngestMentionAsync(Requests.Ingest(mention));
        Assert.True(reopened.NewConversation, "the same network message is news to the new tenant");
        Assert.False(reopened.Duplicate);
        var conversation = (await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = reopened.Conversation })).Conversation;
        Assert.Equal(1, conversation.MessageCount);
        var trail = await new Wire.AuditService.AuditServiceClient(api.Channel).ListAuditEntriesAsync(new Wire.ListAuditEntriesRequest { Parent = $"tenants/{tenant}", PageSize = 100 });
        // A trail of its own from its first link: none of the old tenant's reply, key or opening.
        Assert.Equal(["tenant.created", "conversation.opened"], trail.Entries.Select(e => e.Action));
        Assert.Equal(new string('0', 64), trail.Entries[0].PreviousHash);
    }

    [Fact]
    public async Task A_stale_version_deletes_nothing_and_bad_requests_name_their_field()
    {
        var tenant = await api.NewTenantAsync();

        await Expect.Fails(api.Admin.DeleteTenantAsync(new Wire.DeleteTenantRequest { Name = $"tenants/{tenant}", Version = 7 }), StatusCode.Aborted);
        Assert.Equal(1, (await api.Admin.GetTenantAsync(new Wire.GetTenantRequest { Name = $"tenants/{tenant}" })).Tenant.Version);
        await Expect.Fails(api.Admin.DeleteTenantAsync(new Wire.DeleteTenantRequest { Name = $"tenants/{tenant}", Version = -1 }), StatusCode.InvalidArgument, "version");
        await Expect.Fails(api.Admin.DeleteTenantAsync(new Wire.DeleteTenantRequest { Name = "brands/x" }), StatusCode.InvalidArgument, "name");
        await Expect.Fails(api.Admin.DeleteTenantAsync(new Wire.DeleteTenantRequest()), StatusCode.InvalidArgument, "name");

        var deleted = await api.Admin.DeleteTenantAsync(new Wire.DeleteTenantRequest { Name = $"tenants/{tenant}", Version = 1 });
        Assert.True(deleted.Deleted);
    }

    [Fact]
    public async Task Only_an_operator_deletes_a_tenant()
    {
        var tenant = await api.NewTenantAsync();
        var admin = api.Token(new TokenSubject("brand-admin", [tenant], Domain.Access.CareRoles.Admin));
        using var channel = api.ChannelFor(CareCredential.Bearer(admin));

        await Expect.Fails(new Wire.AdminService.AdminServiceClient(channel).DeleteTenantAsync(Delete(tenant)), StatusCode.PermissionDenied);
        Assert.NotNull((await api.Admin.GetTenantAsync(new Wire.GetTenantRequest { Name = $"tenants/{tenant}" })).Tenant);
    }
}
