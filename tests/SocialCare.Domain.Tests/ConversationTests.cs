using SocialCare.Domain.Access;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Sla;
using SocialCare.Domain.Triage;

namespace SocialCare.Domain.Tests;

public sealed class ConversationTests
{
    private static readonly DateTimeOffset T0 = Samples.Monday0900;

    [Fact]
    public void Opening_records_the_first_customer_message_and_its_triage()
    {
        var c = Samples.Opened(T0);
        var message = Assert.Single(c.RecentMessages);
        Assert.Equal(MessageKind.Customer, message.Kind);
        Assert.Equal("m1", message.NetworkMessageId);
        Assert.Equal(ConversationStatus.Open, c.Status);
        Assert.Equal(Category.Complaint, c.Category);
    }

    [Fact]
    public void The_same_network_message_is_stored_once()
    {
        var c = Samples.Opened(T0);
        var (disposition, message) = c.AcceptInbound(Samples.Mention("m1"), Samples.Triage(), TimeSpan.Zero, T0.AddMinutes(1));
        Assert.Equal(InboundDisposition.Duplicate, disposition);
        Assert.Equal("1", message!.MessageId);
        Assert.Single(c.RecentMessages);
    }

    [Fact]
    public void A_more_urgent_message_raises_the_conversation_a_less_urgent_one_does_not()
    {
        var c = new Conversation();
        c.Open("c1", "cust", "first-line", Samples.Mention("m1"), Samples.Triage(Category.Question, Priority.Low), T0);
        c.AcceptInbound(Samples.Mention("m2"), Samples.Triage(Category.Complaint, Priority.High), TimeSpan.Zero, T0.AddMinutes(1));
        c.AcceptInbound(Samples.Mention("m3"), Samples.Triage(Category.Praise, Priority.Low), TimeSpan.Zero, T0.AddMinutes(2));
        Assert.Equal(Priority.High, c.Priority);
        Assert.Equal(Category.Complaint, c.Category);
    }

    [Fact]
    public void Claiming_is_idempotent_for_the_owner_and_refused_for_others()
    {
        var c = Samples.Opened(T0);
        Assert.True(c.Claim(CareActor.Agent("jd"), T0));
        Assert.False(c.Claim(CareActor.Agent("jd"), T0));
        var ex = Assert.Throws<CareException>(() => c.Claim(CareActor.Agent("kim"), T0));
        Assert.Equal(CareErrorKind.FailedPrecondition, ex.Kind);
        Assert.Contains("jd", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replying_claims_an_unowned_conversation_and_appends_the_signature()
    {
        var c = Samples.Opened(T0);
        var outcome = c.Reply(CareActor.Agent("jd"), "We're on it.", "^JD", Visibility.Public, null, T0.AddMinutes(3));
        Assert.True(outcome.Created);
        Assert.Equal("We're on it. ^JD", outcome.Reply!.Text);
        Assert.Equal("jd", c.AssignedAgentId);
        Assert.Equal(T0.AddMinutes(3), c.FirstResponseAt);
    }

    [Fact]
    public void A_retried_reply_with_the_same_request_id_is_stored_once()
    {
        var c = Samples.Opened(T0);
        var first = c.Reply(CareActor.Agent("jd"), "Hello", null, Visibility.Private, "req-1", T0);
        var retry = c.Reply(CareActor.Agent("jd"), "Hello", null, Visibility.Private, "req-1", T0.AddSeconds(5));
        Assert.False(retry.Created);
        Assert.Equal(first.Reply!.MessageId, retry.Reply!.MessageId);
        Assert.Equal(2, c.RecentMessages.Count);
    }

    [Fact]
    public void A_public_reply_on_x_must_fit_280_characters_a_private_one_need_not()
    {
        var c = Samples.Opened(T0);
        var longText = new string('a', 279);
        var ex = Assert.Throws<CareException>(() => c.Reply(CareActor.Agent("jd"), longText, "^JD", Visibility.Public, null, T0));
        Assert.Equal("text", ex.Field);
        Assert.Equal(CareErrorKind.InvalidArgument, ex.Kind);
        var reply = c.Reply(CareActor.Agent("jd"), longText, "^JD", Visibility.Private, null, T0).Reply!;
        Assert.Equal(283, reply.Text.Length);
    }

    [Fact]
    public void Replying_to_a_resolved_conversation_is_refused()
    {
        var c = Samples.Opened(T0);
        c.Resolve(CareActor.Agent("jd"), null, T0);
        Assert.Equal(CareErrorKind.FailedPrecondition, Assert.Throws<CareException>(() => c.Reply(CareActor.Agent("jd"), "hi", null, Visibility.Public, null, T0)).Kind);
    }

    [Fact]
    public void Replying_to_a_conversation_someone_else_owns_is_refused()
    {
        var c = Samples.Opened(T0);
        c.Claim(CareActor.Agent("jd"), T0);
        Assert.Equal(CareErrorKind.FailedPrecondition, Assert.Throws<CareException>(() => c.Reply(CareActor.Agent("kim"), "hi", null, Visibility.Public, null, T0)).Kind);
    }

    [Fact]
    public void Resolving_twice_is_a_no_op()
    {
        var c = Samples.Opened(T0);
        Assert.True(c.Resolve(CareActor.Agent("jd"), "fixed", T0.AddMinutes(1)));
        Assert.False(c.Resolve(CareActor.Agent("jd"), null, T0.AddMinutes(2)));
        Assert.Equal(T0.AddMinutes(1), c.ResolvedAt);
    }

    [Fact]
    public void A_message_soon_after_resolution_reopens_later_ones_are_refused()
    {
        var window = TimeSpan.FromHours(24);
        var recent = Samples.Opened(T0);
        recent.Resolve(CareActor.Agent("jd"), null, T0);
        var (disposition, _) = recent.AcceptInbound(Samples.Mention("m2"), Samples.Triage(), window, T0.AddHours(2));
        Assert.Equal(InboundDisposition.Reopened, disposition);
        Assert.Equal(ConversationStatus.Open, recent.Status);
        Assert.Equal(1, recent.ReopenCount);
        Assert.Equal(T0.AddHours(2), recent.CycleStartedAt);

        var old = Samples.Opened(T0);
        old.Resolve(CareActor.Agent("jd"), null, T0);
        Assert.Equal(InboundDisposition.Refused, old.AcceptInbound(Samples.Mention("m2"), Samples.Triage(), window, T0.AddDays(2)).Disposition);
        Assert.Equal(InboundDisposition.Refused, Samples.ResolvedAt(T0).AcceptInbound(Samples.Mention("m2"), Samples.Triage(), TimeSpan.Zero, T0.AddMinutes(1)).Disposition);
    }

    [Fact]
    public void Escalation_moves_the_conversation_to_the_other_team_unowned_with_a_note()
    {
        var c = Samples.Opened(T0);
        c.Claim(CareActor.Agent("jd"), T0);
        c.Escalate(CareActor.Agent("jd"), "legal", "Customer threatens to sue", T0.AddMinutes(1));
        Assert.Equal("legal", c.TeamId);
        Assert.Null(c.AssignedAgentId);
        Assert.Equal(ConversationStatus.Open, c.Status);
        var escalation = Assert.Single(c.Escalations);
        Assert.Equal("first-line", escalation.FromTeamId);
        Assert.Contains(c.RecentMessages, m => m.Kind == MessageKind.InternalNote && m.Text.Contains("sue", StringComparison.Ordinal));
        Assert.Equal("note", Assert.Throws<CareException>(() => c.Escalate(CareActor.Agent("jd"), "pr", " ", T0)).Field);
        Assert.Equal(CareErrorKind.FailedPrecondition, Assert.Throws<CareException>(() => c.Escalate(CareActor.Agent("jd"), "legal", "again", T0)).Kind);
    }

    [Fact]
    public void A_breach_is_recorded_once_and_raises_priority_until_answered()
    {
        var c = Samples.Opened(T0, Priority.High);
        Assert.Empty(c.EvaluateSla(SlaPolicy.Default, BusinessCalendar.TwentyFourSeven, T0.AddMinutes(10)));
        var breaches = c.EvaluateSla(SlaPolicy.Default, BusinessCalendar.TwentyFourSeven, T0.AddMinutes(16));
        Assert.Equal(SlaClockKind.FirstResponse, Assert.Single(breaches).Kind);
        Assert.Equal(Priority.Urgent, c.Priority);
        Assert.True(c.ToQueueItem().SlaBreached);
        Assert.Empty(c.EvaluateSla(SlaPolicy.Default, BusinessCalendar.TwentyFourSeven, T0.AddMinutes(17)));
        Assert.Single(c.Breaches);

        c.Reply(CareActor.Agent("jd"), "Sorry for the wait", null, Visibility.Public, null, T0.AddMinutes(20));
        c.EvaluateSla(SlaPolicy.Default, BusinessCalendar.TwentyFourSeven, T0.AddMinutes(20));
        Assert.Equal(Priority.High, c.Priority);
        Assert.False(c.ToQueueItem().SlaBreached);
    }

    [Fact]
    public void Agent_ids_and_note_text_are_required()
    {
        var c = Samples.Opened(T0);
        Assert.Equal("agent_id", Assert.Throws<CareException>(() => c.Claim(CareActor.Agent(""), T0)).Field);
        Assert.Equal("text", Assert.Throws<CareException>(() => c.AddNote(CareActor.Agent("jd"), "  ", T0)).Field);
    }
}
