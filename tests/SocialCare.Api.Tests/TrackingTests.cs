using Grpc.Core;

namespace SocialCare.Api.Tests;

/// <summary>Keyword mentions (the brand named, not addressed) are taken as the tenant's tracking rules say, as proactive work.</summary>
[Collection(ApiCollection.Name)]
public sealed class TrackingTests(ApiFixture api)
{
    private Task<string> TenantAsync() => api.NewTenantAsync(t => t.Tracking = new Wire.TrackingRules
    {
        Keywords = { "Acme Air" },
        Exclusions = { "job" },
        Languages = { "en" },
        TeamId = "pr",
    });

    private static Wire.Mention Keyword(string tenant, string author, string text, string language = "en")
    {
        var mention = Requests.Mention(tenant, author, text);
        mention.KeywordMatch = true;
        mention.Language = language;
        return mention;
    }

    [Fact]
    public async Task A_tracked_keyword_mention_opens_at_low_priority_in_the_tracking_team_and_addressed_ones_are_untouched()
    {
        var tenant = await TenantAsync();

        var keyword = await api.Ingest.IngestMentionAsync(Requests.Ingest(Keyword(tenant, "ann", "Acme Air lost my bag again, unacceptable!")));
        var addressed = await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "bob", "@acmeair lost my bag again, unacceptable!")));

        var queue = (await api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}" })).Items;
        var proactive = queue.Single(i => i.Conversation == keyword.Conversation);
        var complaint = queue.Single(i => i.Conversation == addressed.Conversation);
        Assert.Equal(("pr", Wire.Priority.Low), (proactive.TeamId, proactive.Priority));
        Assert.Equal("first-line", complaint.TeamId);
        Assert.True(complaint.Priority < Wire.Priority.Low);
        Assert.Equal(complaint.Conversation, queue[0].Conversation);

        var stored = (await api.Admin.GetTenantAsync(new Wire.GetTenantRequest { Name = $"tenants/{tenant}" })).Tenant.Tracking;
        Assert.Equal(["Acme Air"], stored.Keywords);
        Assert.Equal("pr", stored.TeamId);
    }

    [Theory]
    [InlineData("Flying tomorrow, cannot wait", "en", "none of the tenant's tracked keywords")]
    [InlineData("Acme Air job opening in Paris", "en", "excluded term")]
    [InlineData("Acme Air hat mein Gepäck verloren", "de", "language \"de\"")]
    public async Task Keyword_mentions_outside_the_rules_are_refused_and_store_nothing(string text, string language, string reason)
    {
        var tenant = await TenantAsync();

        var refused = await Expect.Fails(api.Ingest.IngestMentionAsync(Requests.Ingest(Keyword(tenant, "cy", text, language))), StatusCode.FailedPrecondition);

        Assert.Contains(reason, refused.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}" })).Items);
    }

    [Fact]
    public async Task Rules_naming_an_unknown_team_are_refused() =>
        await Expect.Fails(
            api.Admin.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = new Wire.Tenant { TenantId = $"t{Guid.NewGuid():N}"[..20], Tracking = new Wire.TrackingRules { TeamId = "listening" } } }),
            StatusCode.InvalidArgument,
            "tenant.tracking.team_id");
}
