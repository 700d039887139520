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

        var clocks = new List<SlaClock>(3);
        DateTimeOffset? firstResponse = null;
        DateTimeOffset? lastResponse = null;
        DateTimeOffset? pendingSince = null;
        (DateTimeOffset Start, DateTimeOffset Stop)? lastAnsweredCycle = null;

        foreach (var e in events)
        {
            if (e.At < cycleStart || (resolvedAt is { } r && e.At > r))
            {
                continue;
            }

            if (e.Kind == SlaEventKind.AgentResponse)
            {
                firstResponse ??= e.At;
                if (pendingSince is { } since)
                {
                    lastAnsweredCycle = (since, e.At);
                    pendingSince = null;
                }

                lastResponse = e.At;
            }
            else if (lastResponse is not null && pendingSince is null)
            {
                pendingSince = e.At;
            }
        }

        clocks.Add(Clock(SlaClockKind.FirstResponse, cycleStart, target.FirstResponse, firstResponse ?? resolvedAt, calendar, now));

        if (pendingSince is { } waitingSince)
        {
            clocks.Add(Clock(SlaClockKind.NextResponse, waitingSince, target.NextResponse, resolvedAt, calendar, now));
        }
        else if (lastAnsweredCycle is { } answered)
        {
            clocks.Add(Clock(SlaClockKind.NextResponse, answered.Start, target.NextResponse, answered.Stop, calendar, now));
        }

        clocks.Add(Clock(SlaClockKind.Resolution, cycleStart, target.Resolution, resolvedAt, calendar, now));
        return clocks;
    }

    /// <summary>The earliest moment at which a running clock that has not breached yet will breach.</summary>
    public static DateTimeOffset? NextDeadline(IEnumerable<SlaClock> clocks) =>
        clocks.Where(c => c.State == SlaClockState.Running).Select(c => (DateTimeOffset?)c.DueAt).Min();

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
