using SocialCare.Domain.Access;
using SocialCare.Domain.Approvals;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Guardrails;
using SocialCare.Domain.Sla;
using SocialCare.Domain.Tenants;
using SocialCare.Domain.Triage;

namespace SocialCare.Domain.Tests;

public sealed class ApprovalTests
{
    private static readonly DateTimeOffset T0 = Samples.Monday0900;
    private static readonly CareActor Jd = CareActor.Agent("jd");
    private static readonly CareActor Lead = CareActor.Agent("lead");
    private static readonly ApprovalPolicy NewAgentJd = ApprovalPolicy.None with { NewAgents = ["jd"], EscalateAfter = TimeSpan.FromMinutes(10) };

    private static Conversation Opened(long followers = 10, Category category = Category.Question, string team = "first-line")
    {
        var conversation = new Conversation();
        conversation.Open("c1", "cust1", team, Samples.Mention("m1") with { Author = Samples.Author(followers: followers) }, Samples.Triage(category, Priority.Normal), T0);
        conversation.TakeUnsaved();
        return conversation;
    }

    private static ConversationMessage Waiting(Conversation conversation, ApprovalPolicy? policy = null) =>
        conversation.Reply(Jd, "We are tracing your bag.", "^JD", Visibility.Public, "r1", T0.AddMinutes(1), approvals: policy ?? NewAgentJd).Reply!;

    [Fact]
    public void No_policy_means_no_reply_waits()
    {
        Assert.Empty(ApprovalPolicy.None.ReasonsFor(Opened(followers: 10_000_000, category: Category.Complaint), "jd", GuardrailVerdict.Clear));
    }

    [Fact]
    public void Each_rule_gives_its_own_reason_and_rules_that_do_not_match_give_none()
    {
        var policy = new ApprovalPolicy(50_000, [Category.Complaint, Category.Incident], ["legal"], ["new-hire"], TimeSpan.FromMinutes(30));
        var promise = new GuardrailFinding(FindingKind.ForbiddenPromise, 0, 11, "full refund", "…");

        Assert.Equal(
            [
                "guardrail: forbidden_promise \"full refund\"",
                "the author has 50000 followers (approval from 50000)",
                "category complaint needs approval",
                "team legal's replies need approval",
                "agent new-hire is on the new agents' list",
            ],
            policy.ReasonsFor(Opened(50_000, Category.Complaint, "legal"), "new-hire", GuardrailVerdict.Clear with { NeedApproval = [promise] }));
        Assert.Empty(policy.ReasonsFor(Opened(49_999, Category.Question, "first-line"), "jd", GuardrailVerdict.Clear));
        Assert.Equal(["category incident needs approval"], policy.ReasonsFor(Opened(category: Category.Incident), "jd", GuardrailVerdict.Clear));
    }

    [Fact]
    public void A_waiting_reply_has_no_delivery_stops_no_clock_and_holds_the_conversation_until_decided()
    {
        var conversation = Opened();
        var reply = Waiting(conversation);

        Assert.Null(reply.Delivery);
        Assert.Equal(ApprovalState.Pending, reply.Approval!.State);
        Assert.Equal(T0.AddMinutes(11), reply.Approval.EscalateAt);
        Assert.Equal((2, (string?)"jd"), (conversation.AwaitingApproval, conversation.AssignedAgentId));
        Assert.Null(conversation.FirstResponseAt);
        Assert.True(conversation.ToQueueItem().AwaitingApproval);

        // A retry of the same request finds it rather than refusing it.
        var retried = conversation.Reply(Jd, "We are tracing your bag.", "^JD", Visibility.Public, "r1", T0.AddMinutes(2), approvals: NewAgentJd);
        Assert.False(retried.Created);
        Assert.Equal(reply.Sequence, retried.MessageSequence);

        Assert.Contains("waiting for a supervisor's approval", Assert.Throws<CareException>(() => conversation.Reply(Jd, "Another", null, Visibility.Public, null, T0.AddMinutes(2))).Message, StringComparison.Ordinal);
        Assert.Throws<CareException>(() => conversation.Resolve(Jd, null, T0.AddMinutes(2)));
        Assert.Throws<CareException>(() => conversation.Escalate(Jd, "legal", "For legal", T0.AddMinutes(2)));
    }

    [Fact]
    public void The_author_and_the_supervisor_who_wrote_it_for_them_cannot_decide_it()
    {
        var conversation = Opened();
        var reply = conversation.Reply(new CareActor("jd", "lead", null), "We are tracing your bag.", null, Visibility.Public, null, T0.AddMinutes(1), approvals: NewAgentJd).Reply!;

        Assert.Equal(CareErrorKind.PermissionDenied, Assert.Throws<CareException>(() => conversation.ApproveReply(Jd, reply, T0.AddMinutes(2))).Kind);
        Assert.Equal(CareErrorKind.PermissionDenied, Assert.Throws<CareException>(() => conversation.ApproveReply(Lead, reply, T0.AddMinutes(2))).Kind);
        Assert.Equal(CareErrorKind.PermissionDenied, Assert.Throws<CareException>(() => conversation.RejectReply(Lead, reply, "No", T0.AddMinutes(2))).Kind);
        Assert.Equal(2, conversation.AwaitingApproval);
    }

    [Fact]
    public void Approving_gives_the_reply_its_delivery_and_counts_it_as_the_answer_from_then()
    {
        var conversation = Opened();
        var reply = Waiting(conversation);
        conversation.TakeUnsaved();

        var approved = conversation.ApproveReply(Lead, reply, T0.AddMinutes(7));

        Assert.Equal((ApprovalState.Approved, "lead", (DateTimeOffset?)T0.AddMinutes(7)), (approved.Approval!.State, approved.Approval.DecidedBy, approved.Approval.DecidedAt));
        Assert.Equal(("c1.2", Deliveries.DeliveryState.Pending), (approved.Delivery!.DeliveryId, approved.Delivery.State));
        Assert.Equal(T0.AddMinutes(7), conversation.FirstResponseAt);
        Assert.Null(conversation.AwaitingApproval);
        Assert.Equal([approved], conversation.TakeUnsaved());
        Assert.Equal(CareErrorKind.FailedPrecondition, Assert.Throws<CareException>(() => conversation.ApproveReply(CareActor.Agent("other"), approved, T0.AddMinutes(8))).Kind);
    }

    [Fact]
    public void Rejecting_keeps_the_reason_notes_it_and_returns_the_conversation_to_the_author()
    {
        var conversation = Opened();
        var reply = Waiting(conversation);
        conversation.Assign(Lead, "someone-else", T0.AddMinutes(2));

        Assert.Equal("reason", Assert.Throws<CareException>(() => conversation.RejectReply(Lead, reply, "  ", T0.AddMinutes(3))).Field);
        var rejected = conversation.RejectReply(Lead, reply, "Do not promise a time.", T0.AddMinutes(3));

        Assert.Equal((ApprovalState.Rejected, "Do not promise a time."), (rejected.Approval!.State, rejected.Approval.Reason));
        Assert.Null(rejected.Delivery);
        Assert.Equal("jd", conversation.AssignedAgentId);
        Assert.Null(conversation.FirstResponseAt);
        Assert.Contains("rejected by lead and not sent: Do not promise a time.", conversation.RecentMessages[^1].Text, StringComparison.Ordinal);
        Assert.True(conversation.Reply(Jd, "Your bag is being traced.", null, Visibility.Public, null, T0.AddMinutes(4)).Created);
    }

    [Fact]
    public void A_waiting_reply_is_escalated_once_at_its_time_which_is_the_next_deadline_until_then()
    {
        var conversation = Opened();
        conversation.EvaluateSla(SlaPolicy.Default, BusinessCalendar.TwentyFourSeven, T0);
        var slaDue = conversation.NextDeadline;
        var reply = Waiting(conversation, NewAgentJd with { EscalateAfter = TimeSpan.FromMinutes(5) });
        Assert.True(reply.Approval!.EscalateAt < slaDue, "the test needs the escalation before the SLA deadline");
        Assert.Equal(reply.Approval.EscalateAt, conversation.NextDeadline);
        var before = conversation.Priority;

        Assert.False(conversation.EscalateOverdueApproval(reply.Approval.EscalateAt.AddSeconds(-1)));
        Assert.True(conversation.EscalateOverdueApproval(reply.Approval.EscalateAt));
        Assert.False(conversation.EscalateOverdueApproval(reply.Approval.EscalateAt.AddMinutes(1)));

        Assert.True(conversation.ToQueueItem().ApprovalEscalated);
        Assert.Equal(PriorityRules.Raise(before), conversation.Priority);
        Assert.Equal(slaDue, conversation.NextDeadline);

        conversation.ApproveReply(Lead, reply, reply.Approval.EscalateAt.AddMinutes(2));
        Assert.Equal(before, conversation.Priority);
        Assert.False(conversation.ToQueueItem().ApprovalEscalated);
    }

    [Fact]
    public void A_policy_is_checked_naming_each_field()
    {
        var tenant = TenantSettings.Starter("acme", "Acme");
        Assert.Equal("tenant.approvals.influence_threshold", Assert.Throws<CareException>(() => (ApprovalPolicy.None with { InfluenceThreshold = -1 }).Validated(tenant)).Field);
        Assert.Equal("tenant.approvals.categories[1]", Assert.Throws<CareException>(() => (ApprovalPolicy.None with { Categories = [Category.Complaint, (Category)99] }).Validated(tenant)).Field);
        Assert.Equal("tenant.approvals.teams[0]", Assert.Throws<CareException>(() => (ApprovalPolicy.None with { Teams = ["ghosts"] }).Validated(tenant)).Field);
        Assert.Equal("tenant.approvals.new_agents[0]", Assert.Throws<CareException>(() => (ApprovalPolicy.None with { NewAgents = [""] }).Validated(tenant)).Field);
        Assert.Equal("tenant.approvals.escalate_after", Assert.Throws<CareException>(() => (ApprovalPolicy.None with { EscalateAfter = TimeSpan.FromDays(8) }).Validated(tenant)).Field);
        Assert.Same(NewAgentJd, NewAgentJd.Validated(tenant));
    }
}
