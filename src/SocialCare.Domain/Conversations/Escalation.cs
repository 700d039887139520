namespace SocialCare.Domain.Conversations;

[GenerateSerializer, Immutable]
public sealed record Escalation(
    [property: Id(0)] string FromTeamId,
    [property: Id(1)] string ToTeamId,
    [property: Id(2)] string AgentId,
    [property: Id(3)] string Note,
    [property: Id(4)] DateTimeOffset CreatedAt);
