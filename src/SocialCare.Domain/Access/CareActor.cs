using SocialCare.Domain.Errors;
using SocialCare.Domain.Text;

namespace SocialCare.Domain.Access;

/// <summary>
/// Who changes a conversation: the agent the change is attributed to (its owner, the author of a
/// reply or note) and, when a supervisor acts for that agent, the supervisor who did it.
/// </summary>
/// <param name="AgentId">The agent the change is attributed to.</param>
/// <param name="ActedBy">The caller who acted for <paramref name="AgentId"/>, or null when the agent acted.</param>
/// <param name="Teams">The teams the caller may work; null when it may work every team of the tenant.</param>
[GenerateSerializer, Immutable]
public sealed record CareActor(
    [property: Id(0)] string AgentId,
    [property: Id(1)] string? ActedBy,
    [property: Id(2)] IReadOnlyList<string>? Teams)
{
    /// <summary>An agent acting for itself, on every team.</summary>
    public static CareActor Agent(string agentId) => new(agentId, null, null);

    public bool MayWorkTeam(string teamId) => Teams is null || Teams.Contains(teamId, StringComparer.Ordinal);

    /// <summary>Checks the ids, with the API's field names.</summary>
    public CareActor Validated()
    {
        FieldRules.RequireId("agent_id", AgentId);
        FieldRules.OptionalId("acted_by", ActedBy);
        return this;
    }

    /// <summary>Refuses a caller limited to other teams than the one a conversation is with.</summary>
    public void RequireTeam(string teamId, string conversationId)
    {
        if (!MayWorkTeam(teamId))
        {
            throw CareException.Denied(
                "agent_id",
                $"conversation {conversationId} is with team {Echo.Quote(teamId)}; the caller works {string.Join(", ", Teams!.Select(t => Echo.Quote(t)))} only.");
        }
    }
}
