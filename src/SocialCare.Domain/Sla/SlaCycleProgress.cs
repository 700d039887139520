namespace SocialCare.Domain.Sla;

/// <summary>
/// What the SLA clocks need to know about a cycle's customer messages and replies, folded one
/// event at a time. A conversation keeps this instead of re-reading its history, so evaluating
/// its clocks costs the same after ten messages or ten thousand.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SlaCycleProgress(
    [property: Id(0)] DateTimeOffset? FirstResponseAt,
    [property: Id(1)] DateTimeOffset? LastResponseAt,
    /// <summary>The first customer message since the latest reply, while it is unanswered.</summary>
    [property: Id(2)] DateTimeOffset? WaitingSince,
    /// <summary>The latest customer wait that a reply ended, as (wait began, reply).</summary>
    [property: Id(3)] DateTimeOffset? LastAnsweredWaitFrom,
    [property: Id(4)] DateTimeOffset? LastAnsweredWaitTo)
{
    public static SlaCycleProgress None { get; } = new(null, null, null, null, null);

    public SlaCycleProgress With(SlaEvent e)
    {
        if (e.Kind == SlaEventKind.AgentResponse)
        {
            var answered = WaitingSince is { } since;
            return new SlaCycleProgress(
                FirstResponseAt ?? e.At,
                e.At,
                null,
                answered ? WaitingSince : LastAnsweredWaitFrom,
                answered ? e.At : LastAnsweredWaitTo);
        }

        // Only a message after a reply starts a next-response wait; before the first reply the
        // first-response clock covers the customer.
        return LastResponseAt is not null && WaitingSince is null ? this with { WaitingSince = e.At } : this;
    }
}
