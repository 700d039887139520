using SocialCare.Domain.Access;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Sla;
using SocialCare.Domain.Tenants;

namespace SocialCare.Domain.Tests;

/// <summary>What a refused request must not do to a conversation, and who may change a claimed one.</summary>
public sealed class RefusalTests
{
    private static readonly DateTimeOffset T0 = Samples.Monday0900;

    [Fact]
    public void Reopening_with_an_overlong_note_changes_nothing()
    {
        var c = Samples.ResolvedAt(T0);
        var ex = Assert.Throws<CareException>(() => c.Reopen(CareActor.Agent("jd"), new string('n', 10_001), T0.AddMinutes(5)));
        Assert.Equal("note", ex.Field);
        Assert.Equal(ConversationStatus.Resolved, c.Status);
        Assert.Equal(0, c.ReopenCount);
        Assert.DoesNotContain(c.TakeUnsaved(), m => m.Kind == MessageKind.InternalNote);
    }

    [Fact]
    public void Resolving_and_escalating_with_an_overlong_note_change_nothing()
    {
        var c = Samples.Opened(T0);
        Assert.Throws<CareException>(() => c.Resolve(CareActor.Agent("jd"), new string('n', 10_001), T0));
        Assert.Throws<CareException>(() => c.Escalate(CareActor.Agent("jd"), "legal", new string('n', 10_001), T0));
        Assert.Equal(ConversationStatus.Open, c.Status);
        Assert.Equal("first-line", c.TeamId);
        Assert.Empty(c.Escalations);
    }

    [Fact]
    public void A_retry_finds_its_reply_after_more_messages_than_the_recent_window_holds()
    {
        var c = Samples.Opened(T0);
        var first = c.Reply(CareActor.Agent("jd"), "We'll DM you.", null, Visibility.Public, "R", T0);
        for (var i = 0; i < 55; i++)
        {
            c.AddNote(CareActor.Agent("jd"), $"note {i}", T0.AddMinutes(i));
        }

        var retry = c.Reply(CareActor.Agent("jd"), "We'll DM you.", null, Visibility.Public, "R", T0.AddHours(1));
        Assert.False(retry.Created);
        Assert.Equal(first.MessageSequence, retry.MessageSequence);
        Assert.Null(retry.Reply);
        // One customer message, one reply, 55 notes: the retry added nothing.
        Assert.Equal(57, c.MessageSequence);
    }

    [Fact]
    public void A_request_id_reused_by_another_agent_or_for_another_reply_is_refused()
    {
        var c = Samples.Opened(T0);
        c.Reply(CareActor.Agent("jd"), "Hello", null, Visibility.Public, "R", T0);
        var otherAgent = Assert.Throws<CareException>(() => c.Reply(CareActor.Agent("kim"), "Hello", null, Visibility.Public, "R", T0));
        Assert.Equal(("request_id", CareErrorKind.InvalidArgument), (otherAgent.Field, otherAgent.Kind));
        var otherText = Assert.Throws<CareException>(() => c.Reply(CareActor.Agent("jd"), "Goodbye", null, Visibility.Public, "R", T0));
        Assert.Equal("request_id", otherText.Field);
        var otherVisibility = Assert.Throws<CareException>(() => c.Reply(CareActor.Agent("jd"), "Hello", null, Visibility.Private, "R", T0));
        Assert.Equal("request_id", otherVisibility.Field);
        Assert.Equal(2, c.MessageSequence);
    }

    [Fact]
    public void A_request_id_is_remembered_for_its_retention_and_then_forgotten()
    {
        var c = Samples.Opened(T0);
        c.Reply(CareActor.Agent("jd"), "Hello", null, Visibility.Public, "R", T0);
        Assert.False(c.Reply(CareActor.Agent("jd"), "Hello", null, Visibility.Public, "R", T0 + ConversationLimits.RequestIdRetention).Created);
        Assert.True(c.Reply(CareActor.Agent("jd"), "Hello", null, Visibility.Public, "R", T0 + ConversationLimits.RequestIdRetention + TimeSpan.FromSeconds(1)).Created);
    }

    [Fact]
    public void Remembered_request_ids_are_bounded_per_conversation()
    {
        var c = Samples.Opened(T0);
        for (var i = 0; i < ConversationLimits.MaxRememberedRequests + 10; i++)
        {
            c.Reply(CareActor.Agent("jd"), $"reply {i}", null, Visibility.Private, $"r{i}", T0.AddSeconds(i));
        }

        Assert.Equal(ConversationLimits.MaxRememberedRequests, c.RecentRequests.Count);
        Assert.Equal("r10", c.RecentRequests[0].RequestId);
    }

    [Fact]
    public void Only_the_owner_replies_to_escalates_or_resolves_a_claimed_conversation_any_agent_adds_notes()
    {
        var c = Samples.Opened(T0);
        c.Claim(CareActor.Agent("jd"), T0);
        Assert.Equal(CareErrorKind.FailedPrecondition, Assert.Throws<CareException>(() => c.Reply(CareActor.Agent("kim"), "hi", null, Visibility.Public, null, T0)).Kind);
        Assert.Equal(CareErrorKind.FailedPrecondition, Assert.Throws<CareException>(() => c.Escalate(CareActor.Agent("kim"), "legal", "take it", T0)).Kind);
        Assert.Equal(CareErrorKind.FailedPrecondition, Assert.Throws<CareException>(() => c.Resolve(CareActor.Agent("kim"), null, T0)).Kind);
        Assert.Equal(MessageKind.InternalNote, c.AddNote(CareActor.Agent("kim"), "The customer called us too.", T0).Kind);
        Assert.Equal(ConversationStatus.Assigned, c.Status);

        Assert.True(c.Resolve(CareActor.Agent("jd"), null, T0));
        Assert.False(c.Resolve(CareActor.Agent("kim"), null, T0));
        c.Reopen(CareActor.Agent("kim"), null, T0);
        Assert.Null(c.AssignedAgentId);
    }

    [Theory]
    [InlineData("America")]
    [InlineData("Europe/")]
    [InlineData("right")]
    [InlineData("posix")]
    [InlineData("../../etc/passwd")]
    [InlineData("/usr/share/zoneinfo/UTC")]
    [InlineData("Europe/Amsterdam/")]
    public void Time_zones_that_name_no_zone_are_refused_not_thrown(string zone)
    {
        Assert.False(BusinessCalendar.TryResolveZone(zone, out _));
        var calendar = new BusinessCalendar(zone, false, [new BusinessHours(DayOfWeek.Monday, TimeSpan.FromHours(9), TimeSpan.FromHours(17))], []);
        Assert.Equal("tenant.calendar.time_zone", Assert.Throws<CareException>(() => calendar.Validate("tenant.calendar")).Field);
    }

    [Fact]
    public void Sla_targets_past_a_year_are_refused()
    {
        var huge = TimeSpan.FromSeconds(315_576_000_000);
        var policy = new SlaPolicy([.. SlaPolicy.Default.Targets.Select(t => t with { Resolution = huge })]);
        var settings = TenantSettings.Starter("acme", "Acme") with { SlaPolicy = policy };
        Assert.Equal("tenant.sla_policy.targets", Assert.Throws<CareException>(() => settings.Validated(T0)).Field);
    }

    [Fact]
    public void A_calendar_too_thin_for_its_targets_is_refused()
    {
        var oneMinute = new BusinessCalendar("Europe/Amsterdam", false, [new BusinessHours(DayOfWeek.Monday, TimeSpan.FromHours(9), TimeSpan.FromHours(9) + TimeSpan.FromMinutes(1))], []);
        var policy = new SlaPolicy([.. SlaPolicy.Default.Targets.Select(t => t with { Resolution = TimeSpan.FromHours(100) })]);
        var settings = TenantSettings.Starter("acme", "Acme") with { SlaPolicy = policy, Calendar = oneMinute };
        Assert.Equal("tenant.sla_policy", Assert.Throws<CareException>(() => settings.Validated(T0)).Field);
    }

    [Fact]
    public void Thousands_of_holidays_are_refused()
    {
        var holidays = Enumerable.Range(0, 3_000).Select(i => DateOnly.FromDateTime(T0.UtcDateTime).AddDays(i)).ToList();
        var calendar = new BusinessCalendar("Europe/Amsterdam", false, [new BusinessHours(DayOfWeek.Monday, TimeSpan.FromHours(9), TimeSpan.FromHours(10))], holidays);
        Assert.Equal("tenant.calendar.holidays", Assert.Throws<CareException>(() => calendar.Validate("tenant.calendar")).Field);
    }

    [Fact]
    public void A_deadline_beyond_the_horizon_is_put_at_the_horizon_instead_of_failing()
    {
        var holidays = Enumerable.Range(0, 3_000).Select(i => DateOnly.FromDateTime(T0.UtcDateTime).AddDays(i)).ToList();
        var calendar = new BusinessCalendar("Europe/Amsterdam", false, [new BusinessHours(DayOfWeek.Monday, TimeSpan.FromHours(9), TimeSpan.FromHours(10))], holidays);
        var due = calendar.AddWorkingTime(T0, TimeSpan.FromHours(100));
        Assert.True(due > T0.AddYears(2));
        Assert.Equal(DateTimeOffset.MaxValue, BusinessCalendar.TwentyFourSeven.AddWorkingTime(DateTimeOffset.MaxValue.AddDays(-1), TimeSpan.FromSeconds(315_576_000_000)));
    }
}
