using SocialCare.Domain.Sla;
using SocialCare.Domain.Triage;

namespace SocialCare.Domain.Tests;

public sealed class SlaCalculatorTests
{
    private static readonly SlaTarget Target = new(Priority.High, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), TimeSpan.FromHours(8));
    private static readonly DateTimeOffset Start = Samples.Monday0900;

    private static SlaEvent Customer(int minutes) => new(SlaEventKind.CustomerMessage, Start.AddMinutes(minutes));

    private static SlaEvent Reply(int minutes) => new(SlaEventKind.AgentResponse, Start.AddMinutes(minutes));

    private static IReadOnlyList<SlaClock> Evaluate(IReadOnlyList<SlaEvent> events, int nowMinutes, int? resolvedMinutes = null) =>
        SlaCalculator.Evaluate(Start, events, resolvedMinutes is { } r ? Start.AddMinutes(r) : null, Target, BusinessCalendar.TwentyFourSeven, Start.AddMinutes(nowMinutes));

    private static SlaClock Clock(IReadOnlyList<SlaClock> clocks, SlaClockKind kind) => Assert.Single(clocks, c => c.Kind == kind);

    [Fact]
    public void First_response_runs_until_due_then_breaches()
    {
        Assert.Equal(SlaClockState.Running, Clock(Evaluate([Customer(0)], 14), SlaClockKind.FirstResponse).State);
        var breached = Clock(Evaluate([Customer(0)], 15), SlaClockKind.FirstResponse);
        Assert.Equal(SlaClockState.Breached, breached.State);
        Assert.Equal(Start.AddMinutes(15), breached.DueAt);
        Assert.True(breached.IsOverdue);
    }

    [Fact]
    public void A_reply_in_time_meets_the_first_response_clock_for_good()
    {
        var clock = Clock(Evaluate([Customer(0), Reply(10)], 600), SlaClockKind.FirstResponse);
        Assert.Equal(SlaClockState.Met, clock.State);
        Assert.Equal(Start.AddMinutes(10), clock.StoppedAt);
    }

    [Fact]
    public void A_late_reply_stops_the_clock_as_breached_but_no_longer_overdue()
    {
        var clock = Clock(Evaluate([Customer(0), Reply(20)], 25), SlaClockKind.FirstResponse);
        Assert.Equal(SlaClockState.Breached, clock.State);
        Assert.False(clock.IsOverdue);
    }

    [Fact]
    public void Next_response_starts_with_the_first_customer_message_after_a_reply()
    {
        var clocks = Evaluate([Customer(0), Reply(5), Customer(10), Customer(12)], 20);
        var next = Clock(clocks, SlaClockKind.NextResponse);
        Assert.Equal(Start.AddMinutes(10), next.StartedAt);
        Assert.Equal(Start.AddMinutes(40), next.DueAt);
        Assert.Equal(SlaClockState.Running, next.State);
    }

    [Fact]
    public void No_next_response_clock_before_the_first_reply()
    {
        Assert.DoesNotContain(Evaluate([Customer(0), Customer(3)], 5), c => c.Kind == SlaClockKind.NextResponse);
    }

    [Fact]
    public void The_latest_answered_next_response_cycle_is_reported_when_nothing_waits()
    {
        var next = Clock(Evaluate([Customer(0), Reply(5), Customer(10), Reply(50)], 60), SlaClockKind.NextResponse);
        Assert.Equal(SlaClockState.Breached, next.State);
        Assert.Equal(Start.AddMinutes(50), next.StoppedAt);
    }

    [Fact]
    public void Resolution_stops_every_clock()
    {
        var clocks = Evaluate([Customer(0)], 600, resolvedMinutes: 5);
        Assert.All(clocks, c => Assert.Equal(Start.AddMinutes(5), c.StoppedAt));
        Assert.Equal(SlaClockState.Met, Clock(clocks, SlaClockKind.Resolution).State);
        Assert.Null(SlaCalculator.NextDeadline(clocks));
    }

    [Fact]
    public void Events_before_the_cycle_start_do_not_count()
    {
        // A reply from before a reopening must not stop the new cycle's first-response clock.
        var clocks = SlaCalculator.Evaluate(Start.AddMinutes(60), [Customer(0), Reply(5), Customer(60)], null, Target, BusinessCalendar.TwentyFourSeven, Start.AddMinutes(70));
        Assert.Equal(SlaClockState.Running, Clock(clocks, SlaClockKind.FirstResponse).State);
    }

    [Fact]
    public void Next_deadline_is_the_earliest_running_clock_not_yet_breached()
    {
        var clocks = Evaluate([Customer(0)], 1);
        Assert.Equal(Start.AddMinutes(15), SlaCalculator.NextDeadline(clocks));
        var later = Evaluate([Customer(0)], 16);
        Assert.Equal(Start.AddHours(8), SlaCalculator.NextDeadline(later));
    }

    [Fact]
    public void Evaluation_is_a_pure_function_of_its_inputs()
    {
        var events = new[] { Customer(0), Reply(20), Customer(25) };
        Assert.Equal(Evaluate(events, 90), Evaluate(events, 90));
    }
}
