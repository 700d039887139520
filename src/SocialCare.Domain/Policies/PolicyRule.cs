using SocialCare.Domain.Triage;

namespace SocialCare.Domain.Policies;

/// <summary>
/// What a rule does to the messages it matches. Priority is set first, then moved by
/// <see cref="RaisePriority"/> levels (negative: less urgent), within Urgent..Low; a team applies
/// only to the message that opens a conversation (a follow-up stays where its conversation is).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PolicyActions
{
    [Id(0)] public Priority? SetPriority { get; init; }

    /// <summary>Levels more urgent (1: Low to Normal), or less urgent when negative; -3..3.</summary>
    [Id(1)] public int RaisePriority { get; init; }

    /// <summary>The team whose queue the conversation opens in.</summary>
    [Id(2)] public string? RouteToTeam { get; init; }

    /// <summary>Every reply in the conversation waits for a supervisor's approval.</summary>
    [Id(3)] public bool RequireApproval { get; init; }

    /// <summary>Labels the conversation carries for the desk and reports.</summary>
    [Id(4)] public IReadOnlyList<string> Tags { get => field ?? []; init; }

    public bool IsEmpty => SetPriority is null && RaisePriority == 0 && RouteToTeam is null && !RequireApproval && Tags.Count == 0;
}

/// <summary>
/// One rule of a brand's care policy: when its conditions hold, its actions apply; then the
/// evaluation stops unless <see cref="Continue"/> says to go on to the next rule.
/// </summary>
/// <param name="RuleId">Unique within the policy; what a conversation records when the rule decided it.</param>
/// <param name="Description">For people: why the rule exists ("VIPs first, agreed with the brand in May").</param>
[GenerateSerializer, Immutable]
public sealed record PolicyRule(
    [property: Id(0)] string RuleId,
    [property: Id(1)] string Description,
    [property: Id(2)] PolicyConditions When,
    [property: Id(3)] PolicyActions Then,
    [property: Id(4)] bool Continue);
