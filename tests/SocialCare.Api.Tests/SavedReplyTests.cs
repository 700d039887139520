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

    [Fact]
    public async Task Saved_replies_are_created_read_updated_and_deleted_one_at_a_time_each_with_its_own_versions()
    {
        var tenant = await TenantAsync();
        var name = $"tenants/{tenant}/savedReplies/delay-apology";

        var created = (await api.SavedReplies.CreateSavedReplyAsync(new Wire.CreateSavedReplyRequest
        {
            Parent = $"tenants/{tenant}",
            SavedReply = new Wire.SavedReply { Id = "delay-apology", Title = "Delay", Text = "Sorry for the wait, {customer.name}. {brand.name} is on it." },
        })).SavedReply;
        Assert.Equal((name, 1L, "test-desk"), (created.Name, created.Version, created.UpdatedBy));
        Assert.Equal(["customer.name", "brand.name"], created.Variables);
        await Expect.Fails(
            api.SavedReplies.CreateSavedReplyAsync(new Wire.CreateSavedReplyRequest { Parent = $"tenants/{tenant}", SavedReply = new Wire.SavedReply { Id = "delay-apology", Text = "Again" } }),
            StatusCode.AlreadyExists);

        var updated = (await api.SavedReplies.UpdateSavedReplyAsync(new Wire.UpdateSavedReplyRequest
        {
            Name = name, Version = 1, SavedReply = new Wire.SavedReply { Title = "Delay", Text = "So sorry for the wait, {customer.name}. {brand.name} is on it." },
        })).SavedReply;
        Assert.Equal(2, updated.Version);
        var earlier = Assert.Single(updated.History);
        Assert.Equal((1L, "Sorry for the wait, {customer.name}. {brand.name} is on it."), (earlier.Version, earlier.Text));
        // Someone who read version 1 cannot overwrite version 2 unseen.
        await Expect.Fails(
            api.SavedReplies.UpdateSavedReplyAsync(new Wire.UpdateSavedReplyRequest { Name = name, Version = 1, SavedReply = new Wire.SavedReply { Text = "Stale" } }),
            StatusCode.Aborted);
        // A whole-tenant update that resends it unchanged leaves its version alone.
        var whole = (await api.Admin.GetTenantAsync(new Wire.GetTenantRequest { Name = $"tenants/{tenant}" })).Tenant;
        whole.ReplyVariables["brand.name"] = "Acme Air";
        await api.Admin.UpdateTenantAsync(new Wire.UpdateTenantRequest { Tenant = whole });
        var read = (await api.SavedReplies.GetSavedReplyAsync(new Wire.GetSavedReplyRequest { Name = name })).SavedReply;
        Assert.Equal(2, read.Version);

        // The tenant's own variable fills {brand.name}.
        var conversation = await OpenAsync(tenant);
        var replied = await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = conversation, AgentId = "jd", SavedReplyId = "delay-apology" });
        Assert.Equal("So sorry for the wait, Ann Lee. Acme Air is on it.", replied.Reply.Text);

        var listed = await api.SavedReplies.ListSavedRepliesAsync(new Wire.ListSavedRepliesRequest { Parent = $"tenants/{tenant}", TeamId = "first-line" });
        Assert.Equal(["delay-apology", "lost-bag"], listed.SavedReplies.Select(r => r.Id));
        var legal = await api.SavedReplies.ListSavedRepliesAsync(new Wire.ListSavedRepliesRequest { Parent = $"tenants/{tenant}", TeamId = "legal" });
        Assert.Equal(["delay-apology", "legal-hold", "lost-bag"], legal.SavedReplies.Select(r => r.Id));

        await api.SavedReplies.DeleteSavedReplyAsync(new Wire.DeleteSavedReplyRequest { Name = name, Version = 2 });
        await Expect.Fails(api.SavedReplies.GetSavedReplyAsync(new Wire.GetSavedReplyRequest { Name = name }), StatusCode.NotFound);
        await Expect.Fails(api.SavedReplies.DeleteSavedReplyAsync(new Wire.DeleteSavedReplyRequest { Name = name }), StatusCode.NotFound);
        var trail = await new Wire.AuditService.AuditServiceClient(api.Channel).ListAuditEntriesAsync(new Wire.ListAuditEntriesRequest { Parent = $"tenants/{tenant}" });
        Assert.Equal(
            ["saved_reply.created", "saved_reply.updated", "saved_reply.deleted"],
            trail.Entries.Where(e => e.Target == "savedReplies/delay-apology").OrderBy(e => e.Position).Select(e => e.Action));
    }

    [Fact]
    public async Task Bad_saved_reply_writes_name_the_field()
    {
        var tenant = await TenantAsync();
        await Expect.Fails(
            api.SavedReplies.CreateSavedReplyAsync(new Wire.CreateSavedReplyRequest { Parent = $"tenants/{tenant}", SavedReply = new Wire.SavedReply { Id = "Bad Id", Text = "x" } }),
            StatusCode.InvalidArgument, "saved_reply.id");
        await Expect.Fails(
            api.SavedReplies.CreateSavedReplyAsync(new Wire.CreateSavedReplyRequest { Parent = $"tenants/{tenant}" }),
            StatusCode.InvalidArgument, "saved_reply");
        await Expect.Fails(
            api.SavedReplies.CreateSavedReplyAsync(new Wire.CreateSavedReplyRequest { Parent = $"tenants/{tenant}", SavedReply = new Wire.SavedReply { Id = "ok", Text = "Hi {customer.name" } }),
            StatusCode.InvalidArgument, "saved_reply.text");
        await Expect.Fails(
            api.SavedReplies.UpdateSavedReplyAsync(new Wire.UpdateSavedReplyRequest { Name = $"tenants/{tenant}/savedReplies/lost-bag", SavedReply = new Wire.SavedReply { Id = "other", Text = "x" } }),
            StatusCode.InvalidArgument, "saved_reply.id");
        await Expect.Fails(
            api.SavedReplies.GetSavedReplyAsync(new Wire.GetSavedReplyRequest { Name = $"tenants/{tenant}/savedReplies/" }),
            StatusCode.InvalidArgument, "name");
        await Expect.Fails(
            api.SavedReplies.ListSavedRepliesAsync(new Wire.ListSavedRepliesRequest { Parent = $"tenants/{tenant}", TeamId = "ghosts" }),
            StatusCode.NotFound);
        var whole = (await api.Admin.GetTenantAsync(new Wire.GetTenantRequest { Name = $"tenants/{tenant}" })).Tenant;
        whole.ReplyVariables["customer.nickname"] = "x";
        await Expect.Fails(api.Admin.UpdateTenantAsync(new Wire.UpdateTenantRequest { Tenant = whole }), StatusCode.InvalidArgument, "tenant.reply_variables[customer.nickname]");
    }
}
