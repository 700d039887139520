namespace SocialCare.Domain.Approvals;

/// <summary>
/// A reply's approval, as its message carries it: why it needed one, until when it may wait
/// before the supervisors are alerted, and who decided what.
/// </summary>
/// <param name="State">Pending, approved or rejected.</param>
/// <param name="Reasons">What made the policy ask for a supervisor, in words a supervisor reads ("author has 250000 followers").</param>
/// <param name="RequestedAt">When the agent posted it.</param>
/// <param name="EscalateAt">When a reply still waiting is escalated (see <see cref="ApprovalPolicy.EscalateAfter"/>).</param>
[GenerateSerializer, Immutable]
public sealed record ReplyApproval(
    [property: Id(0)] ApprovalState State,
    [property: Id(1)] IReadOnlyList<string> Reasons,
    [property: Id(2)] DateTimeOffset RequestedAt,
    [property: Id(3)] DateTimeOffset EscalateAt)
{
    /// <summary>The supervisor who approved or rejected it (the author, when they withdrew it).</summary>
    [Id(4)] public string? DecidedBy { get; init; }

    [Id(5)] public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>For a rejection: why, as the supervisor wrote it.</summary>
    [Id(6)] public string? Reason { get; init; }

}
