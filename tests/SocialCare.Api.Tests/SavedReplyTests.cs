using Grpc.Core;

namespace SocialCare.Api.Tests;

/// <summary>Saved replies: kept with the tenant, rendered on the server, checked like any reply.</summary>
[Collection(ApiCollection.Name)]
public sealed class SavedReplyTests(ApiFixture api)
{
    private Task<string> TenantAsync() => api.NewTenantAsync(t => t.SavedReplies.Add(
    [
        new Wire.SavedReply { Id = "lost-bag", Title = "Lost bag, first answer", Text = "Hi {customer.name}, so sorry about your bag. Ref {conversation.reference}, voucher {voucher}." },
        new Wire.SavedReply { Id = "legal-hold", Title = "Legal", Text = "Our legal team will contact you.", TeamId = "legal" },
    ]));

    private async Task<string> OpenAsync(string tenant)
    {
        var mention = Requests.Mention(tenant, "ann", "My bag is lost");
        mention.Author.DisplayName = "Ann Lee";
        return (await api.Ingest.IngestMentionAsync(Requests.Ingest(mention))).Conversation;
    }

    [Fact]
    public async Task A_saved_reply_is_rendered_with_what_the_conversation_and_the_agent_know()
    {
        var tenant = await TenantAsync();
        var conversation = await OpenAsync(tenant);

        var replied = await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest
        {
            Name = conversation, AgentId = "jd", SavedReplyId = "lost-bag", Variables = { ["voucher"] = "BAG-25" }, Signature = "^JD",
        });

        var id = conversation.Split('/')[^1];
        Assert.Equal($"Hi Ann Lee, so sorry about your bag. Ref {id}, voucher BAG-25. ^JD", replied.Reply.Text);
        var stored = (await api.Admin.GetTenantAsync(new Wire.GetTenantRequest { Name = $"tenants/{tenant}" })).Tenant.SavedReplies;
        Assert.Equal(["lost-bag", "legal-hold"], stored.Select(r => r.Id));

        // Counted once the reply is stored (one-way, so read until it shows, bounded).
        await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = conversation, AgentId = "jd", SavedReplyId = "lost-bag", Variables = { ["voucher"] = "BAG-26" } });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        Wire.SavedReplyUsage? usage;
        while ((usage = (await api.Admin.ListSavedReplyUsageAsync(new Wire.ListSavedReplyUsageRequest { Parent = $"tenants/{tenant}" })).Usage.SingleOrDefault())?.Uses != 2)
        {
            await Task.Delay(20, timeout.Token);
        }

        Assert.Equal("lost-bag", usage!.SavedReplyId);
    }

    [Fact]
    public async Task Missing_variables_unknown_ids_other_teams_and_text_beside_an_id_are_refused()
    {
        var tenant = await TenantAsync();
        var conversation = await OpenAsync(tenant);
        Wire.PostReplyRequest Reply(string id) => new() { Name = conversation, AgentId = "jd", SavedReplyId = id };

        var missing = await Expect.Fails(api.Conversations.PostReplyAsync(Reply("lost-bag")), StatusCode.InvalidArgument, "variables");
        Assert.Contains("{voucher}", missing.Status.Detail, StringComparison.Ordinal);
        await Expect.Fails(api.Conversations.PostReplyAsync(Reply("no-such-reply")), StatusCode.NotFound, "saved_reply_id");
        await Expect.Fails(api.Conversations.PostReplyAsync(Reply("legal-hold")), StatusCode.FailedPrecondition);
        var both = Reply("lost-bag");
        both.Text = "and my own words";
        await Expect.Fails(api.Conversations.PostReplyAsync(both), StatusCode.InvalidArgument, "text");
        Assert.Equal(1, (await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = conversation })).Conversation.MessageCount);
    }

    [Fact]
    public async Task A_malformed_saved_reply_is_refused_when_the_tenant_is_saved() =>
        await Expect.Fails(
            api.Admin.CreateTenantAsync(new Wire.CreateTenantRequest
            {
                Tenant = new Wire.Tenant { TenantId = $"t{Guid.NewGuid():N}"[..20], SavedReplies = { new Wire.SavedReply { Id = "x", Title = "x", Text = "Hi {customer.name" } } },
            }),
            StatusCode.InvalidArgument,
            "tenant.saved_replies[0].text");
}
