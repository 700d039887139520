namespace SocialCare.Domain.Sla;

/// <summary>One SLA clock as evaluated at a moment.</summary>
[GenerateSerializer, Immutable]
public sealed record SlaClock(
    [property: Id(0)] SlaClockKind Kind,
    [property: Id(1)] SlaClockState State,
    [property: Id(2)] DateTimeOffset StartedAt,
    [property: Id(3)] DateTimeOffset DueAt,
    [property: Id(4)] DateTimeOffset? StoppedAt)
{
    /// <summary>Breached and still waiting for the reply or resolution that would stop it.</summary>
    public bool IsOverdue => State == SlaClockState.Breached && StoppedAt is null;

    public bool IsRunning => StoppedAt is null;
}
