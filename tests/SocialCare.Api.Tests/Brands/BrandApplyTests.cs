using Grpc.Core;
using SocialCare.Contracts.Brands;
using SocialCare.Domain.Audit;

namespace SocialCare.Api.Tests.Brands;

/// <summary>
/// What `socialcare tenant apply` and `diff` stand on: the server checks a brand's settings and
/// answers them as it would store them (validate_only) without storing or auditing anything, and
/// names a refused field so the file's line can be shown.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class BrandApplyTests(ApiFixture api)
{
    private static BrandFile Example(string tenantId) =>
        BrandFile.Parse("airline.yaml", File.ReadAllText(BrandFileTests.ExamplePath).Replace("tenant_id: demo", $"tenant_id: {tenantId}", StringComparison.Ordinal));

    private static string NewId() => $"b{Guid.NewGuid():N}"[..20];

    private async Task<List<Wire.AuditEntry>> TrailAsync(string tenant) =>
        [.. (await new Wire.AuditService.AuditServiceClient(api.Channel).ListAuditEntriesAsync(new Wire.ListAuditEntriesRequest { Parent = $"tenants/{tenant}", PageSize = 100 })).Entries];

    [Fact]
    public async Task A_brand_checked_before_it_is_created_is_answered_as_it_would_be_and_not_created()
    {
        var id = NewId();
        var brand = Example(id);

        var wouldBe = (await api.Admin.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = brand.Tenant, ValidateOnly = true })).Tenant;

        Assert.Equal((id, "Demo Air", 1L), (wouldBe.TenantId, wouldBe.DisplayName, wouldBe.Version));
        Assert.Empty(BrandDiff.Between(brand.Tenant, wouldBe));
        await Expect.Fails(api.Admin.GetTenantAsync(new Wire.GetTenantRequest { Name = $"tenants/{id}" }), StatusCode.NotFound);

        var created = (await api.Admin.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = brand.Tenant })).Tenant;
        Assert.Empty(BrandDiff.Between(wouldBe, created));
        await Expect.Fails(api.Admin.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = brand.Tenant, ValidateOnly = true }), StatusCode.AlreadyExists);
    }

    [Fact]
    public async Task A_checked_update_answers_the_change_with_the_servers_defaults_and_stores_and_audits_nothing()
    {
        var id = NewId();
        var created = (await api.Admin.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = Example(id).Tenant })).Tenant;
        var trail = await TrailAsync(id);
        var changed = Example(id).Tenant;
        changed.DisplayName = "Demo Airlines";
        // Left out: the server's default calendar, around the clock.
        changed.Calendar = null;

        var wouldBe = (await api.Admin.UpdateTenantAsync(new Wire.UpdateTenantRequest { Tenant = changed, ValidateOnly = true })).Tenant;

        Assert.Equal(
            ["~ display_name: Demo Air -> Demo Airlines", "~ calendar.time_zone: Europe/Amsterdam -> UTC", "+ calendar.always_open: true"],
            BrandDiff.Between(created, wouldBe).Where(c => !c.Setting.StartsWith("calendar.weekly_hours", StringComparison.Ordinal) && !c.Setting.StartsWith("calendar.holidays", StringComparison.Ordinal)).Select(c => c.ToString()));
        var stored = (await api.Admin.GetTenantAsync(new Wire.GetTenantRequest { Name = $"tenants/{id}" })).Tenant;
        Assert.Equal((created.Version, "Demo Air"), (stored.Version, stored.DisplayName));
        Assert.Equal(trail.Count, (await TrailAsync(id)).Count);

        // The update itself then stores exactly what was previewed, once, audited.
        var updated = (await api.Admin.UpdateTenantAsync(new Wire.UpdateTenantRequest { Tenant = changed })).Tenant;
        Assert.Empty(BrandDiff.Between(wouldBe, updated));
        Assert.Equal(created.Version + 1, updated.Version);
        Assert.Single(await TrailAsync(id), e => e.Action == AuditActions.TenantUpdated);
    }

    [Fact]
    public async Task A_checked_update_makes_every_check_of_the_update_the_version_and_open_conversations_included()
    {
        var id = NewId();
        var created = (await api.Admin.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = Example(id).Tenant })).Tenant;
        await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(id, "ann", "Where is my bag?")));

        var stale = Example(id).Tenant;
        stale.Version = created.Version + 5;
        await Expect.Fails(api.Admin.UpdateTenantAsync(new Wire.UpdateTenantRequest { Tenant = stale, ValidateOnly = true }), StatusCode.Aborted);

        var withoutFirstLine = Example(id).Tenant;
        withoutFirstLine.Teams.Remove(withoutFirstLine.Teams.Single(t => t.TeamId == "first-line"));
        withoutFirstLine.DefaultTeamId = "second-line";
        withoutFirstLine.Tracking.TeamId = "second-line";
        var refused = await Expect.Fails(api.Admin.UpdateTenantAsync(new Wire.UpdateTenantRequest { Tenant = withoutFirstLine, ValidateOnly = true }), StatusCode.FailedPrecondition);
        Assert.Contains("first-line", refused.Status.Detail, StringComparison.Ordinal);

        await Expect.Fails(api.Admin.UpdateTenantAsync(new Wire.UpdateTenantRequest { Tenant = Example(NewId()).Tenant, ValidateOnly = true }), StatusCode.NotFound);
    }

    [Fact]
    public async Task A_setting_the_server_refuses_is_found_on_its_line_of_the_file()
    {
        var id = NewId();
        await api.Admin.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = Example(id).Tenant });
        var brand = BrandFile.Parse("airline.yaml", File.ReadAllText(BrandFileTests.ExamplePath)
            .Replace("tenant_id: demo", $"tenant_id: {id}", StringComparison.Ordinal)
            .Replace("  - team_id: baggage", "  - team_id: Baggage Desk", StringComparison.Ordinal));

        var refused = await Expect.Fails(api.Admin.UpdateTenantAsync(new Wire.UpdateTenantRequest { Tenant = brand.Tenant, ValidateOnly = true }), StatusCode.InvalidArgument);

        var field = refused.Trailers.GetValue("socialcare-field");
        Assert.Equal("tenant.teams[2].team_id", field);
        var line = File.ReadAllLines(BrandFileTests.ExamplePath).ToList().FindIndex(l => l == "  - team_id: baggage") + 1;
        Assert.Equal($"airline.yaml:{line}:5", brand.Locate(field));
    }
}
