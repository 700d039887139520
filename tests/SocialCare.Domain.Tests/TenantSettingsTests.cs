using SocialCare.Domain.Errors;
using SocialCare.Domain.Sla;
using SocialCare.Domain.Tenants;
using SocialCare.Domain.Triage;

namespace SocialCare.Domain.Tests;

public sealed class TenantSettingsTests
{
    [Fact]
    public void The_starter_tenant_is_valid_and_uses_the_first_line_team()
    {
        var settings = TenantSettings.Starter("acme", "Acme").Validated(Samples.Monday0900);
        Assert.Equal("first-line", settings.DefaultTeamId);
        Assert.True(settings.HasTeam("legal"));
    }

    [Theory]
    [InlineData("Acme")]
    [InlineData("1acme")]
    [InlineData("ac me")]
    [InlineData("")]
    public void Tenant_ids_must_be_slugs(string id)
    {
        var ex = Assert.Throws<CareException>(() => TenantSettings.Starter(id, "x").Validated(Samples.Monday0900));
        Assert.Equal("tenant.tenant_id", ex.Field);
    }

    [Fact]
    public void Default_team_must_be_one_of_the_teams()
    {
        var settings = TenantSettings.Starter("acme", "Acme") with { DefaultTeamId = "nope" };
        Assert.Equal("tenant.default_team_id", Assert.Throws<CareException>(() => settings.Validated(Samples.Monday0900)).Field);
    }

    [Fact]
    public void An_sla_policy_needs_one_target_per_priority()
    {
        var partial = new SlaPolicy([.. SlaPolicy.Default.Targets.Where(t => t.Priority != Priority.Low)]);
        var settings = TenantSettings.Starter("acme", "Acme") with { SlaPolicy = partial };
        var ex = Assert.Throws<CareException>(() => settings.Validated(Samples.Monday0900));
        Assert.Equal("tenant.sla_policy.targets", ex.Field);
        Assert.Contains("Low", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Care_errors_carry_kind_and_field_in_their_data()
    {
        var ex = CareException.Invalid("mention.text", "is required.");
        Assert.Equal(CareErrorKind.InvalidArgument, CareException.TryReadKind(ex));
        Assert.Equal("mention.text", ex.Field);
        Assert.Null(CareException.TryReadKind(new InvalidOperationException("other")));
    }
}
