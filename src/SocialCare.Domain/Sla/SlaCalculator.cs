namespace SocialCare.Domain.Sla;

/// <summary>
/// SLA state as a pure function of a conversation's current cycle (from opening or the latest
/// reopening), its target, its calendar and "now". Waking a conversation late or twice only
/// re-evaluates this function, so timers need no bookkeeping of their own.
/// </summary>
public static class SlaCalculator
{
    /// <param name="cycleStart">When the current cycle began: the first customer message, or the reopening.</param>
    /// <param name="events">The cycle's customer messages and replies, in time order.</param>
    /// <param name="resolvedAt">When the cycle was resolved, if it was.</param>
    public static IReadOnlyList<SlaClock> Evaluate(
        DateTimeOffset cycleStart,
        IReadOnlyList<SlaEvent> events,
        DateTimeOffset? resolvedAt,
        SlaTarget target,
        BusinessCalendar calendar,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(calendar);

        var progress = SlaCycleProgress.None;
        foreach (var e in events)
        {
            if (e.At >= cycleStart && (resolvedAt is not { } r || e.At <= r))
            {
                progress = progress.With(e);
            }
        }

        return Evaluate(cycleStart, progress, resolvedAt, target, calendar, now);
    }

    /// <summary>The clocks of a cycle whose events are already folded into <paramref name="progress"/>.</summary>
    public static IReadOnlyList<SlaClock> Evaluate(
        DateTimeOffset cycleStart,
        SlaCycleProgress progress,
        DateTimeOffset? resolvedAt,
        SlaTarget target,
        BusinessCalendar calendar,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(calendar);

        var clocks = new List<SlaClock>(3);
        clocks.Add(Clock(SlaClockKind.FirstResponse, cycleStart, target.FirstResponse, progress.FirstResponseAt ?? resolvedAt, calendar, now));

        if (progress.WaitingSince is { } waitingSince)
        {
            clocks.Add(Clock(SlaClockKind.NextResponse, waitingSince, target.NextResponse, resolvedAt, calendar, now));
        }
        else if (progress is { LastAnsweredWaitFrom: { } waitFrom, LastAnsweredWaitTo: { } waitTo })
        {
            clocks.Add(Clock(SlaClockKind.NextResponse, waitFrom, target.NextResponse, waitTo, calendar, now));
        }

        clocks.Add(Clock(SlaClockKind.Resolution, cycleStart, target.Resolution, resolvedAt, calendar, now));
        return clocks;
    }

    /// <summary>The earliest moment at which a running clock that has not breached yet will breach.</summary>
    public static DateTimeOffset? NextDeadline(IReadOnlyList<SlaClock> clocks) =>
        EarliestDue(clocks, static c => c.State == SlaClockState.Running);

    /// <summary>
    /// The earliest due time among the clocks that match; a loop rather than LINQ, as every
    /// change of every conversation asks.
    /// </summary>
    public static DateTimeOffset? EarliestDue(IReadOnlyList<SlaClock> clocks, Func<SlaClock, bool> counts)
    {
        ArgumentNullException.ThrowIfNull(clocks);
        ArgumentNullException.ThrowIfNull(counts);
        DateTimeOffset? earliest = null;
        for (var i = 0; i < clocks.Count; i++)
        {
            var clock = clocks[i];
            if (counts(clock) && (earliest is null || clock.DueAt < earliest))
            {
                earliest = clock.DueAt;
            }
        }

        return earliest;
    }

    private static SlaClock Clock(
        SlaClockKind kind,
        DateTimeOffset start,
        TimeSpan target,
        DateTimeOffset? stop,
        BusinessCalendar calendar,
        DateTimeOffset now)
    {
        var due = calendar.AddWorkingTime(start, target);
        var state = stop switch
        {
            { } s => s <= due ? SlaClockState.Met : SlaClockState.Breached,
            null => now >= due ? SlaClockState.Breached : SlaClockState.Running,
        };
        return new SlaClock(kind, state, start, due, stop);
    }
}
