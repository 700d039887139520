using Grpc.Core;
using SocialCare.Domain.Audit;

namespace SocialCare.Api.Tests.Audit;

/// <summary>A host that keeps audit entries 30 days, in segments of 5, checked every hour of care time.</summary>
public sealed class RetentionApiFixture : ApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings(),
        new("SocialCare:Grains:AuditRetention", "30.00:00:00"),
        new("SocialCare:Grains:AuditSegmentSize", "5"),
        new("SocialCare:Grains:AuditRetentionInterval", "01:00:00"),
    ];
}

[CollectionDefinition(Name)]
public sealed class RetentionCollection : ICollectionFixture<RetentionApiFixture>
{
    public const string Name = "audit-retention";
}

[Collection(RetentionCollection.Name)]
public sealed class AuditRetentionTests(RetentionApiFixture api)
{
    [Fact]
    public async Task Retention_cuts_whole_old_segments_records_the_cut_and_the_trail_still_verifies()
    {
        var audit = new Wire.AuditService.AuditServiceClient(api.Channel);
        var tenant = await api.NewTenantAsync();
        for (var i = 0; i < 11; i++)
        {
            await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, $"author-{i}", "Where is my parcel?")));
        }

        var before = await audit.VerifyAuditTrailAsync(new Wire.VerifyAuditTrailRequest { Parent = $"tenants/{tenant}" });
        Assert.Equal(12, before.EntriesChecked);
        var oldAnchor = (await audit.ListAuditEntriesAsync(new Wire.ListAuditEntriesRequest { Parent = $"tenants/{tenant}", PageSize = 3 })).Entries[^1];

        // The in-memory journal answers at once, so the hourly pass this fires has run when Advance returns.
        api.Clock.Advance(TimeSpan.FromDays(31));

        var trail = (await audit.ListAuditEntriesAsync(new Wire.ListAuditEntriesRequest { Parent = $"tenants/{tenant}" })).Entries;
        Assert.Equal([11L, 12L, 13L], trail.Select(e => e.LaneSequence));
        Assert.Equal((AuditActions.RetentionCut, "system"), (trail[^1].Action, trail[^1].Actor));
        Assert.StartsWith("lane=0 through=10 ", trail[^1].Detail, StringComparison.Ordinal);

        var after = await audit.VerifyAuditTrailAsync(new Wire.VerifyAuditTrailRequest { Parent = $"tenants/{tenant}" });
        Assert.True(after.Intact, after.Reason);
        Assert.Equal(3, after.EntriesChecked);
        await Expect.Fails(
            audit.VerifyAuditTrailAsync(new Wire.VerifyAuditTrailRequest
            {
                Parent = $"tenants/{tenant}",
                Anchor = { new Wire.AuditLaneHead { Lane = oldAnchor.Lane, Sequence = oldAnchor.LaneSequence, Hash = oldAnchor.Hash } },
            }),
            StatusCode.FailedPrecondition,
            "anchor");
    }
}
