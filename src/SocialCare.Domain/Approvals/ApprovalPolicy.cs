using System.Globalization;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Guardrails;
using SocialCare.Domain.Tenants;
using SocialCare.Domain.Text;
using SocialCare.Domain.Triage;

namespace SocialCare.Domain.Approvals;

/// <summary>
/// When a reply needs a supervisor before it may leave: public content cannot be taken back, so a
/// brand puts a second pair of eyes on the replies that can hurt it most. Any rule that matches is
/// enough; none configured (the default) means no reply waits, except those a guardrail rule marks
/// <see cref="GuardrailAction.Approve"/>.
/// </summary>
/// <param name="InfluenceThreshold">Replies to authors with at least this many followers wait for approval; 0: no such rule.</param>
/// <param name="Categories">Replies in conversations of these categories (a complaint, an incident) wait.</param>
/// <param name="Teams">Every reply from these teams' conversations waits (legal, PR).</param>
/// <param name="NewAgents">Agents whose replies all wait: new hires until a supervisor takes them off the list.</param>
/// <param name="EscalateAfter">A reply waiting longer is escalated: flagged overdue and raised a priority level in the queues.</param>
[GenerateSerializer, Immutable]
public sealed record ApprovalPolicy(
    [property: Id(0)] long InfluenceThreshold,
    [property: Id(1)] IReadOnlyList<Category> Categories,
    [property: Id(2)] IReadOnlyList<string> Teams,
    [property: Id(3)] IReadOnlyList<string> NewAgents,
    [property: Id(4)] TimeSpan EscalateAfter)
{
    public const int MaxNewAgents = 1_000;

    public static TimeSpan DefaultEscalateAfter { get; } = TimeSpan.FromMinutes(30);

    public static ApprovalPolicy None { get; } = new(0, [], [], [], DefaultEscalateAfter);

    /// <summary>
    /// Why a reply by <paramref name="agentId"/> in <paramref name="conversation"/> needs approval;
    /// empty when it may go out at once.
    /// </summary>
    public IReadOnlyList<string> ReasonsFor(Conversation conversation, string agentId, GuardrailVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(verdict);
        List<string>? reasons = null;
        void Add(string reason) => (reasons ??= []).Add(reason);

        foreach (var finding in verdict.NeedApproval)
        {
            Add($"guardrail: {EnumWords.Of(finding.Kind)} \"{finding.Excerpt}\"");
        }

        if (InfluenceThreshold > 0 && conversation.Author is { } author && author.FollowerCount >= InfluenceThreshold)
        {
            Add(string.Create(CultureInfo.InvariantCulture, $"the author has {author.FollowerCount} followers (approval from {InfluenceThreshold})"));
        }

        if (Categories.Contains(conversation.Category))
        {
            Add($"category {EnumWords.Of(conversation.Category)} needs approval");
        }

        if (Teams.Contains(conversation.TeamId, StringComparer.Ordinal))
        {
            Add($"team {conversation.TeamId}'s replies need approval");
        }

        if (NewAgents.Contains(agentId, StringComparer.Ordinal))
        {
            Add($"agent {agentId} is on the new agents' list");
        }

        if (conversation.PolicyRequiresApproval)
        {
            Add("the care policy requires approval for this conversation's replies");
        }

        return reasons ?? (IReadOnlyList<string>)[];
    }

    /// <summary>Checks a policy a client submitted, with the API's field names under "tenant.approvals".</summary>
    public ApprovalPolicy Validated(TenantSettings tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        const string Field = "tenant.approvals";
        if (InfluenceThreshold < 0)
        {
            throw CareException.Invalid($"{Field}.influence_threshold", "must be 0 (no such rule) or a follower count.");
        }

        for (var i = 0; i < Categories.Count; i++)
        {
            if (!Enum.IsDefined(Categories[i]))
            {
                throw CareException.Invalid($"{Field}.categories[{i}]", "is not a category.");
            }
        }

        for (var i = 0; i < Teams.Count; i++)
        {
            if (!tenant.HasTeam(Teams[i]))
            {
                throw CareException.Invalid($"{Field}.teams[{i}]", $"{Echo.Quote(Teams[i])} is not one of the tenant's teams.");
            }
        }

        if (NewAgents.Count > MaxNewAgents)
        {
            throw CareException.Invalid($"{Field}.new_agents", $"has {NewAgents.Count} agents; at most {MaxNewAgents}.");
        }

        for (var i = 0; i < NewAgents.Count; i++)
        {
            FieldRules.RequireId($"{Field}.new_agents[{i}]", NewAgents[i]);
        }

        if (EscalateAfter < TimeSpan.FromMinutes(1) || EscalateAfter > TimeSpan.FromDays(7))
        {
            throw CareException.Invalid($"{Field}.escalate_after", "must be between 1 minute and 7 days.");
        }

        return this;
    }
}
