using SocialCare.Domain.Errors;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Sla;
using SocialCare.Domain.Text;

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

    /// <summary>Which keyword mentions are taken in, and where they go.</summary>
    /// <remarks>Settings stored before tracking existed read back without it: they track nothing, the default.</remarks>
    [Id(11)]
    public TrackingRules Tracking
    {
        get => field ?? TrackingRules.None;
        init;
    }

    /// <summary>What the tenant's agents may send (see <see cref="Guardrails.ReplyGuardrails"/>).</summary>
    /// <remarks>Settings stored before guardrails existed read back with the defaults.</remarks>
    [Id(12)]
    public Guardrails.GuardrailPolicy Guardrails
    {
        get => field ?? Domain.Guardrails.GuardrailPolicy.Default;
        init;
    }

    /// <summary>The brand's saved replies, versioned with the rest of the settings.</summary>
    [Id(13)]
    public IReadOnlyList<SavedReplies.SavedReply> SavedReplies
    {
        get => field ?? [];
        init;
    }

    /// <summary>When a reply waits for a supervisor before it is delivered.</summary>
    /// <remarks>Settings stored before approvals existed read back with none.</remarks>
    [Id(14)]
    public Approvals.ApprovalPolicy Approvals
    {
        get => field ?? Domain.Approvals.ApprovalPolicy.None;
        init;
    }

    /// <summary>The brand's own saved-reply variables ("brand.name", "help.url"), beneath the server's and the request's.</summary>
    [Id(15)]
    public IReadOnlyDictionary<string, string> ReplyVariables
    {
        get => field ?? EmptyVariables;
        init;
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyVariables = new Dictionary<string, string>();

    /// <summary>
    /// The brand's voice for sign-offs: how the server signs a reply whose author brought no
    /// signature of their own ("^{agent.initials}", "{agent.name} for {brand.name}"); null: unsigned.
    /// </summary>
    [Id(16)] public string? SignatureTemplate { get; init; }

    /// <summary>Which of the brand's trained triage models are in use; set by activation and rollback, never by an update of the settings.</summary>
    [Id(17)]
    public Triage.TriageModelChoice TriageModels
    {
        get => field ?? Triage.TriageModelChoice.Default;
        init;
    }

    /// <summary>
    /// The brand's care policy in force (its earlier versions are kept by the tenant's grain); set by
    /// saving a policy, never by an update of the settings.
    /// </summary>
    /// <remarks>Settings stored before policies existed read back with the default (no rules).</remarks>
    [Id(18)]
    public Policies.CarePolicy Policy
    {
        get => field ?? Policies.CarePolicy.Default;
        init;
    }

    /// <summary>The sign-off for an agent called <paramref name="agentName"/> by <see cref="SignatureTemplate"/>; null when the tenant has none.</summary>
    public string? SignatureFor(string agentName)
    {
        ArgumentNullException.ThrowIfNull(agentName);
        if (string.IsNullOrWhiteSpace(SignatureTemplate))
        {
            return null;
        }

        var values = new Dictionary<string, string>(ReplyVariables, StringComparer.Ordinal)
        {
            ["agent.name"] = agentName,
            ["agent.initials"] = Initials(agentName),
        };
        return Domain.SavedReplies.SavedReplyTemplate.Render(SignatureTemplate, values, "tenant.signature_template").Trim();
    }

    /// <summary>"Jane Doe" signs "JD", "kim" "K".</summary>
    private static string Initials(string name) =>
        string.Concat(name.Split([' ', '-', '.', '_'], StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0])));

    public const int MaxTeams = 100;
    public const int MaxChannelAccounts = 100;

    public bool HasTeam(string teamId) => Teams.Any(t => t.TeamId == teamId);

    /// <summary>Where a conversation opens unless the care policy routes it: the tracking team for a post found by keyword, else the default team.</summary>
    public string OpeningTeam(bool keywordMatch) => keywordMatch ? Tracking.TeamId ?? DefaultTeamId : DefaultTeamId;

    /// <summary>Refuses a team the tenant does not have, as NOT_FOUND naming <paramref name="field"/>; null (no team named) passes.</summary>
    public void RequireTeam(string? teamId, string field)
    {
        if (teamId is not null && !HasTeam(teamId))
        {
            throw CareException.NotFound($"Team {Echo.Quote(teamId)} of tenant \"{TenantId}\"", field);
        }
    }

    /// <summary>
    /// Checks a tenant a client submitted and fills the defaults (the default team is the first
    /// team when unset). Field names follow the API's, under "tenant".
    /// </summary>
    /// <param name="now">When the settings take effect: their SLA targets must come due within a bounded horizon from then.</param>
    public TenantSettings Validated(DateTimeOffset now)
    {
        Identifiers.RequireSlug("tenant.tenant_id", TenantId);
        FieldRules.Bounded("tenant.display_name", DisplayName, ConversationLimits.MaxNameLength);
        if (Teams.Count == 0)
        {
            throw CareException.Invalid("tenant.teams", "needs at least one team.");
        }

        if (Teams.Count > MaxTeams)
        {
            throw CareException.Invalid("tenant.teams", $"has {Teams.Count} teams; at most {MaxTeams}.");
        }

        for (var i = 0; i < Teams.Count; i++)
        {
            Identifiers.RequireSlug($"tenant.teams[{i}].team_id", Teams[i].TeamId);
            FieldRules.Bounded($"tenant.teams[{i}].display_name", Teams[i].DisplayName, ConversationLimits.MaxNameLength);
        }

        if (ChannelAccounts.Count > MaxChannelAccounts)
        {
            throw CareException.Invalid("tenant.channel_accounts", $"has {ChannelAccounts.Count} accounts; at most {MaxChannelAccounts}.");
        }

        for (var i = 0; i < ChannelAccounts.Count; i++)
        {
            FieldRules.OptionalId($"tenant.channel_accounts[{i}].account_id", ChannelAccounts[i].AccountId);
            FieldRules.Bounded($"tenant.channel_accounts[{i}].handle", ChannelAccounts[i].Handle, ConversationLimits.MaxNameLength);
        }

        if (Teams.Select(t => t.TeamId).Distinct(StringComparer.Ordinal).Count() != Teams.Count)
        {
            throw CareException.Invalid("tenant.teams", "team ids must be unique.");
        }

        var defaultTeam = string.IsNullOrEmpty(DefaultTeamId) ? Teams[0].TeamId : DefaultTeamId;
        if (!HasTeam(defaultTeam))
        {
            throw CareException.Invalid("tenant.default_team_id", $"{Echo.Quote(defaultTeam)} is not one of the tenant's teams.");
        }

        SlaPolicy.Validate("tenant.sla_policy");
        Calendar.Validate("tenant.calendar");
        Calendar.RequireReachable("tenant.sla_policy", SlaPolicy.LongestTarget(), now);
        if (ReopenWindow < TimeSpan.Zero || ReopenWindow > TimeSpan.FromDays(SlaPolicy.MaxTargetDays))
        {
            throw CareException.Invalid("tenant.reopen_window", $"must be between 0 and {SlaPolicy.MaxTargetDays} days.");
        }

        var validated = this with { DefaultTeamId = defaultTeam };
        Tracking.Validated(validated);
        Guardrails.Validated();
        Approvals.Validated(validated);
        // A change of teams must not strand a rule that routes to a team no longer there.
        Policy.Validated(validated);
        if (SavedReplies.Count > Domain.SavedReplies.SavedReply.MaxPerTenant)
        {
            throw CareException.Invalid("tenant.saved_replies", $"has {SavedReplies.Count} saved replies; at most {Domain.SavedReplies.SavedReply.MaxPerTenant}.");
        }

        for (var i = 0; i < SavedReplies.Count; i++)
        {
            SavedReplies[i].Validate($"tenant.saved_replies[{i}]", validated);
        }

        Domain.SavedReplies.SavedReplyTemplate.ValidateTenantVariables("tenant.reply_variables", ReplyVariables);
        if (!string.IsNullOrWhiteSpace(SignatureTemplate))
        {
            FieldRules.Bounded("tenant.signature_template", SignatureTemplate, 100);
            var unknown = Domain.SavedReplies.SavedReplyTemplate.Variables(SignatureTemplate, "tenant.signature_template")
                .Where(v => v is not ("agent.name" or "agent.initials") && !ReplyVariables.ContainsKey(v))
                .ToList();
            if (unknown.Count > 0)
            {
                throw CareException.Invalid("tenant.signature_template", $"uses {string.Join(", ", unknown.Select(v => $"{{{v}}}"))}; a sign-off may use {{agent.name}}, {{agent.initials}} and the tenant's reply_variables.");
            }

            if (SignatureFor("Jane Doe") is { Length: > ConversationLimits.MaxSignatureLength } sample)
            {
                throw CareException.Invalid("tenant.signature_template", $"renders to {sample.Length} characters for \"Jane Doe\"; a signature is at most {ConversationLimits.MaxSignatureLength}.");
            }
        }

        if (SavedReplies.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count() != SavedReplies.Count)
        {
            throw CareException.Invalid("tenant.saved_replies", "saved reply ids must be unique.");
        }

        return validated;
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
