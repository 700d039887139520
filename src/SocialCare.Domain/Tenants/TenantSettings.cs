using SocialCare.Domain.Errors;
using SocialCare.Domain.Sla;

namespace SocialCare.Domain.Tenants;

/// <summary>A brand's care-desk set-up. <see cref="Version"/> lets caches notice changes.</summary>
[GenerateSerializer, Immutable]
public sealed record TenantSettings(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] IReadOnlyList<ChannelAccount> ChannelAccounts,
    [property: Id(3)] IReadOnlyList<Team> Teams,
    [property: Id(4)] string DefaultTeamId,
    [property: Id(5)] SlaPolicy SlaPolicy,
    [property: Id(6)] BusinessCalendar Calendar,
    [property: Id(7)] TimeSpan ReopenWindow)
{
    [Id(8)] public long Version { get; init; }
    [Id(9)] public DateTimeOffset CreatedAt { get; init; }
    [Id(10)] public DateTimeOffset UpdatedAt { get; init; }

    public bool HasTeam(string teamId) => Teams.Any(t => t.TeamId == teamId);

    /// <summary>
    /// Checks a tenant a client submitted and fills the defaults (the default team is the first
    /// team when unset). Field names follow the API's, under "tenant".
    /// </summary>
    public TenantSettings Validated()
    {
        Identifiers.RequireSlug("tenant.tenant_id", TenantId);
        if (DisplayName.Length > 256)
        {
            throw CareException.Invalid("tenant.display_name", "is longer than 256 characters.");
        }

        if (Teams.Count == 0)
        {
            throw CareException.Invalid("tenant.teams", "needs at least one team.");
        }

        foreach (var team in Teams)
        {
            Identifiers.RequireSlug("tenant.teams.team_id", team.TeamId);
        }

        if (Teams.Select(t => t.TeamId).Distinct(StringComparer.Ordinal).Count() != Teams.Count)
        {
            throw CareException.Invalid("tenant.teams", "team ids must be unique.");
        }

        var defaultTeam = string.IsNullOrEmpty(DefaultTeamId) ? Teams[0].TeamId : DefaultTeamId;
        if (!HasTeam(defaultTeam))
        {
            throw CareException.Invalid("tenant.default_team_id", $"\"{defaultTeam}\" is not one of the tenant's teams.");
        }

        SlaPolicy.Validate("tenant.sla_policy");
        Calendar.Validate("tenant.calendar");
        if (ReopenWindow < TimeSpan.Zero)
        {
            throw CareException.Invalid("tenant.reopen_window", "must not be negative.");
        }

        return this with { DefaultTeamId = defaultTeam };
    }

    /// <summary>
    /// The settings a first user gets: one first-line desk, one second line and two departments,
    /// the default SLA policy on a 24/7 clock, and reopening within 24 hours.
    /// </summary>
    public static TenantSettings Starter(string tenantId, string displayName) => new(
        tenantId,
        displayName,
        [],
        [
            new Team("first-line", "First line", TeamTier.FirstLine),
            new Team("second-line", "Second line", TeamTier.SecondLine),
            new Team("legal", "Legal", TeamTier.Department),
            new Team("pr", "PR", TeamTier.Department),
        ],
        "first-line",
        SlaPolicy.Default,
        BusinessCalendar.TwentyFourSeven,
        TimeSpan.FromHours(24));
}
