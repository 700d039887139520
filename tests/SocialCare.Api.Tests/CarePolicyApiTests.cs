using Grpc.Core;
using SocialCare.Domain.Audit;

namespace SocialCare.Api.Tests;

/// <summary>The brand's care policy over the API: saved and versioned, refused by field, tried without storing, and deciding real ingest.</summary>
[Collection(ApiCollection.Name)]
public sealed class CarePolicyApiTests(ApiFixture api)
{
    private static Wire.PolicyRule Vip(string handle) => new()
    {
        RuleId = "vip",
        Description = "Our VIPs first",
        When = new Wire.PolicyConditions { Handles = { handle } },
        Then = new Wire.PolicyActions { SetPriority = Wire.Priority.Urgent, RouteToTeam = "second-line", Tags = { "vip" }, RequireApproval = true },
    };

    private static Wire.PolicyRule LegalWords() => new()
    {
        RuleId = "legal-words",
        When = new Wire.PolicyConditions { Keywords = { "lawyer", "sue" }, Categories = { Wire.Category.Complaint } },
        Then = new Wire.PolicyActions { RaisePriority = 1, Tags = { "legal-risk" } },
        Continue = true,
    };

    private async Task<Wire.CarePolicy> SaveAsync(string tenant, long version, params Wire.PolicyRule[] rules) =>
        (await api.CarePolicies.UpdateCarePolicyAsync(new Wire.UpdateCarePolicyRequest
        {
            Name = $"tenants/{tenant}/carePolicy",
            CarePolicy = new Wire.CarePolicy { Rules = { rules } },
            Version = version,
        })).CarePolicy;

    [Fact]
    public async Task A_new_tenant_has_the_default_policy_and_each_save_is_a_kept_audited_version()
    {
        var tenant = await api.NewTenantAsync();
        var initial = (await api.CarePolicies.GetCarePolicyAsync(new Wire.GetCarePolicyRequest { Name = $"tenants/{tenant}/carePolicy" })).CarePolicy;
        Assert.Equal((0L, 0), (initial.Version, initial.Rules.Count));

        var first = await SaveAsync(tenant, 0, Vip("@klm_fan"));
        var second = await SaveAsync(tenant, first.Version, LegalWords(), Vip("@klm_fan"));

        Assert.Equal((1L, 2L), (first.Version, second.Version));
        Assert.Equal(["legal-words", "vip"], second.Rules.Select(r => r.RuleId));
        Assert.Equal($"tenants/{tenant}/carePolicy", second.Name);
        var versions = (await api.CarePolicies.ListCarePolicyVersionsAsync(new Wire.ListCarePolicyVersionsRequest { Parent = $"tenants/{tenant}" })).CarePolicies;
        Assert.Equal([2L, 1L], versions.Select(v => v.Version));
        var kept = (await api.CarePolicies.GetCarePolicyAsync(new Wire.GetCarePolicyRequest { Name = $"tenants/{tenant}/carePolicy", Version = 1 })).CarePolicy;
        Assert.Equal(first, kept);
        Assert.Equal(Vip("@klm_fan"), kept.Rules.Single());

        // A stale version is refused, as is a version never saved.
        await Expect.Fails(api.CarePolicies.UpdateCarePolicyAsync(new Wire.UpdateCarePolicyRequest { Name = $"tenants/{tenant}/carePolicy", CarePolicy = new Wire.CarePolicy(), Version = 1 }), StatusCode.Aborted);
        await Expect.Fails(api.CarePolicies.GetCarePolicyAsync(new Wire.GetCarePolicyRequest { Name = $"tenants/{tenant}/carePolicy", Version = 9 }), StatusCode.NotFound);

        var trail = await new Wire.AuditService.AuditServiceClient(api.Channel).ListAuditEntriesAsync(new Wire.ListAuditEntriesRequest { Parent = $"tenants/{tenant}", Action = AuditActions.CarePolicySaved });
        Assert.Equal(["carePolicy/2", "carePolicy/1"], trail.Entries.Select(e => e.Target).OrderDescending(StringComparer.Ordinal));

        // Settings updated through the tenant keep the policy.
        var settings = (await api.Admin.GetTenantAsync(new Wire.GetTenantRequest { Name = $"tenants/{tenant}" })).Tenant;
        settings.DisplayName = "Renamed";
        await api.Admin.UpdateTenantAsync(new Wire.UpdateTenantRequest { Tenant = settings });
        Assert.Equal(2L, (await api.CarePolicies.GetCarePolicyAsync(new Wire.GetCarePolicyRequest { Name = $"tenants/{tenant}/carePolicy" })).CarePolicy.Version);
    }

    [Theory]
    [InlineData("team", "care_policy.rules[1].then.route_to_team")]
    [InlineData("duplicate", "care_policy.rules[1].rule_id")]
    [InlineData("priority", "care_policy.rules[1].then.set_priority")]
    [InlineData("channel", "care_policy.rules[1].when.channels[0]")]
    [InlineData("position", "care_policy.rules[1].when.position")]
    [InlineData("language", "care_policy.rules[1].when.languages[0]")]
    public async Task A_bad_rule_is_refused_naming_the_rule_and_the_field_and_nothing_is_saved(string problem, string field)
    {
        var tenant = await api.NewTenantAsync();
        var bad = new Wire.PolicyRule { RuleId = "second", When = new Wire.PolicyConditions(), Then = new Wire.PolicyActions() };
        switch (problem)
        {
            case "team": bad.Then.RouteToTeam = "billing"; break;
            case "duplicate": bad.RuleId = "vip"; break;
            case "priority": bad.Then.SetPriority = (Wire.Priority)9; break;
            case "channel": bad.When.Channels.Add((Wire.Channel)42); break;
            case "position": bad.When.Position = (Wire.MessagePosition)7; break;
            default: bad.When.Languages.Add("French"); break;
        }

        await Expect.Fails(
            api.CarePolicies.UpdateCarePolicyAsync(new Wire.UpdateCarePolicyRequest { Name = $"tenants/{tenant}/carePolicy", CarePolicy = new Wire.CarePolicy { Rules = { Vip("@a"), bad } } }),
            StatusCode.InvalidArgument,
            field);
        Assert.Equal(0L, (await api.CarePolicies.GetCarePolicyAsync(new Wire.GetCarePolicyRequest { Name = $"tenants/{tenant}/carePolicy" })).CarePolicy.Version);
    }

    [Fact]
    public async Task A_team_a_rule_routes_to_cannot_be_removed_by_a_settings_update()
    {
        var tenant = await api.NewTenantAsync();
        await SaveAsync(tenant, 0, Vip("@a"));
        var settings = (await api.Admin.GetTenantAsync(new Wire.GetTenantRequest { Name = $"tenants/{tenant}" })).Tenant;
        var kept = settings.Teams.Where(t => t.TeamId != "second-line").ToList();
        settings.Teams.Clear();
        settings.Teams.AddRange(kept);

        await Expect.Fails(api.Admin.UpdateTenantAsync(new Wire.UpdateTenantRequest { Tenant = settings }), StatusCode.InvalidArgument, "care_policy.rules[0].then.route_to_team");
    }

    [Fact]
    public async Task Ingest_follows_the_policy_and_the_conversation_says_which_version_and_rules_decided_it_and_why()
    {
        var tenant = await api.NewTenantAsync();
        await SaveAsync(tenant, 0, LegalWords(), Vip("@KLM_Fan"));

        var vip = await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "klm_fan", "Where is my bag? I will call my lawyer")));
        var conversation = (await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = vip.Conversation })).Conversation;

        Assert.Equal((Wire.Priority.Urgent, "second-line", 1L, true), (conversation.Priority, conversation.TeamId, conversation.PolicyVersion, conversation.PolicyRequiresApproval));
        // The legal rule matched first and continued; the VIP rule then decided.
        Assert.Equal(["legal-words", "vip"], conversation.PolicyRules);
        Assert.Equal(["legal-risk", "vip"], conversation.Tags);
        Assert.Equal("rule:vip", conversation.PriorityReasons[^1].Source);
        Assert.Equal(Wire.Priority.Urgent, conversation.PriorityReasons[^1].Priority);
        Assert.Equal(Wire.Priority.Urgent, vip.Triage.Priority);

        var queue = (await api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}/teams/second-line" })).Items;
        Assert.Equal(vip.Conversation, Assert.Single(queue).Conversation);

        // The legal rule continues into the VIP rule; an ordinary complaint only gets its own.
        var angry = await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann", "Worst airline ever, my bag is lost and I will sue you")));
        var angryConversation = (await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = angry.Conversation })).Conversation;
        Assert.Equal(["legal-words"], angryConversation.PolicyRules);
        Assert.Equal(["legal-risk"], angryConversation.Tags);
        Assert.Equal((Wire.Priority.Urgent, "first-line"), (angryConversation.Priority, angryConversation.TeamId));
        Assert.Equal(["category", "rule:legal-words"], angryConversation.PriorityReasons.Select(r => r.Source));

        // A reply in the VIP's conversation waits for approval because of the rule.
        var reply = await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = vip.Conversation, AgentId = "jd", Text = "We are looking into it right now." });
        Assert.Equal(["the care policy requires approval for this conversation's replies"], reply.Reply.Approval.Reasons);
    }

    [Fact]
    public async Task A_preview_judges_a_mention_by_the_policy_or_a_draft_and_stores_nothing()
    {
        var tenant = await api.NewTenantAsync();
        await SaveAsync(tenant, 0, Vip("@vip"));
        var mention = Requests.Mention(tenant, "someone", "I want a refund");
        mention.TenantId = "";

        var inForce = await api.CarePolicies.PreviewCarePolicyAsync(new Wire.PreviewCarePolicyRequest { Parent = $"tenants/{tenant}", Mention = mention });
        var verdict = Assert.Single(inForce.Rules);
        Assert.Equal(("vip", false, true, "handles"), (verdict.RuleId, verdict.Matched, verdict.Reached, verdict.Unmet));
        Assert.Equal((1L, "first-line"), (inForce.Decision.PolicyVersion, inForce.Decision.TeamId));

        var draft = new Wire.PolicyRule { RuleId = "refunds", When = new Wire.PolicyConditions { Keywords = { "refund" } }, Then = new Wire.PolicyActions { SetPriority = Wire.Priority.High, Tags = { "refund" } } };
        var tried = await api.CarePolicies.PreviewCarePolicyAsync(new Wire.PreviewCarePolicyRequest { Parent = $"tenants/{tenant}", Mention = mention, DraftRules = { draft, Vip("@vip") } });
        Assert.Equal([true, false], tried.Rules.Select(r => r.Matched));
        Assert.Equal([true, false], tried.Rules.Select(r => r.Reached));
        Assert.Equal((Wire.Priority.High, 2L), (tried.Decision.Priority, tried.Decision.PolicyVersion));
        Assert.Equal(["refund"], tried.Decision.Tags);
        Assert.Equal(Wire.Priority.High, tried.Triage.Priority);

        var noRules = await api.CarePolicies.PreviewCarePolicyAsync(new Wire.PreviewCarePolicyRequest { Parent = $"tenants/{tenant}", Mention = mention, UseDraft = true });
        Assert.Empty(noRules.Rules);

        // Nothing was stored: no conversation opened, the policy in force unchanged.
        Assert.Empty((await api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}" })).Items);
        Assert.Equal(1L, (await api.CarePolicies.GetCarePolicyAsync(new Wire.GetCarePolicyRequest { Name = $"tenants/{tenant}/carePolicy" })).CarePolicy.Version);

        mention.TenantId = "someone-else";
        await Expect.Fails(api.CarePolicies.PreviewCarePolicyAsync(new Wire.PreviewCarePolicyRequest { Parent = $"tenants/{tenant}", Mention = mention }), StatusCode.InvalidArgument, "mention.tenant_id");
        await Expect.Fails(
            api.CarePolicies.PreviewCarePolicyAsync(new Wire.PreviewCarePolicyRequest { Parent = $"tenants/{tenant}", Mention = Requests.Mention(tenant, "x", "hi"), DraftRules = { new Wire.PolicyRule { RuleId = "Bad Id" } } }),
            StatusCode.InvalidArgument,
            "draft_rules[0].rule_id");
    }
}
