namespace SocialCare.Domain.Queues;

/// <summary>Which of a queue's items a listing shows: all, the unclaimed ones, or the approvals queue (replies waiting for a supervisor).</summary>
[GenerateSerializer, Immutable]
public sealed record QueueFilter(
    [property: Id(0)] bool UnassignedOnly,
    [property: Id(1)] bool AwaitingApprovalOnly)
{
    public static QueueFilter All { get; } = new(false, false);

    public bool Matches(QueueItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return (!UnassignedOnly || item.AssignedAgentId is null) && (!AwaitingApprovalOnly || item.AwaitingApproval);
    }
}
