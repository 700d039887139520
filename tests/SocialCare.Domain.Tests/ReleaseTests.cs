using SocialCare.Domain.Access;
using SocialCare.Domain.Approvals;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Queues;

namespace SocialCare.Domain.Tests;

/// <summary>Handing a claimed conversation back to the queue, and what the conversation says happened.</summary>
public sealed class ReleaseTests
{
    private static readonly DateTimeOffset T0 = Samples.Monday0900;
    private static readonly CareActor Jd = CareActor.Agent("jd");
    private static readonly CareActor Kim = CareActor.Agent("kim");

    private static Conversation ClaimedByJd()
    {
        var conversation = Samples.Opened(T0);
        conversation.Claim(Jd, T0.AddMinutes(1));
        conversation.TakeUnsaved();
        conversation.TakeChanges();
        return conversation;
    }

    [Fact]
    public void The_owner_hands_it_back_unclaimed_with_a_note_and_the_clocks_as_they_were()
    {
        var conversation = ClaimedByJd();
        var clocks = conversation.SlaClocks.ToList();

        Assert.True(conversation.Release(Jd, ReleaseScope.Own, T0.AddMinutes(5)));

        Assert.Equal((ConversationStatus.Open, null), (conversation.Status, conversation.AssignedAgentId));
        Assert.Null(conversation.ToQueueItem().AssignedAgentId);
        Assert.Equal("Released by jd: back in the queue.", Assert.Single(conversation.TakeUnsaved()).Text);
        Assert.Equal(clocks, conversation.SlaClocks);
        var released = Assert.IsType<ConversationEvent.Released>(Assert.Single(conversation.TakeChanges()));
        Assert.Equal(("jd", "jd"), (released.Actor.AgentId, released.FromAgentId));
        Assert.Empty(conversation.TakeChanges());
    }

    [Fact]
    public void Another_agent_may_not_a_supervisor_may_and_an_unclaimed_one_is_a_no_op()
    {
        var conversation = ClaimedByJd();

        var refused = Assert.Throws<CareException>(() => conversation.Release(Kim, ReleaseScope.Own, T0.AddMinutes(5)));
        Assert.Equal(CareErrorKind.PermissionDenied, refused.Kind);
        Assert.Equal("jd", conversation.AssignedAgentId);

        Assert.True(conversation.Release(Kim, ReleaseScope.Anyone, T0.AddMinutes(6)));
        Assert.Contains(conversation.TakeUnsaved(), m => m.Text == "Released from jd by kim: back in the queue.");
        conversation.TakeChanges();

        Assert.False(conversation.Release(Kim, ReleaseScope.Anyone, T0.AddMinutes(7)));
        Assert.Empty(conversation.TakeChanges());
        Assert.Empty(conversation.TakeUnsaved());
    }

    [Fact]
    public void A_resolved_conversation_or_one_with_a_reply_waiting_for_approval_is_not_released()
    {
        var waiting = ClaimedByJd();
        waiting.Reply(Jd, "We will refund you.", null, Visibility.Public, null, T0.AddMinutes(2), approvals: ApprovalPolicy.None with { NewAgents = ["jd"] });
        Assert.Equal(CareErrorKind.FailedPrecondition, Assert.Throws<CareException>(() => waiting.Release(Jd, ReleaseScope.Own, T0.AddMinutes(3))).Kind);

        var resolved = ClaimedByJd();
        resolved.Resolve(Jd, null, T0.AddMinutes(2));
        Assert.Equal(CareErrorKind.FailedPrecondition, Assert.Throws<CareException>(() => resolved.Release(Jd, ReleaseScope.Own, T0.AddMinutes(3))).Kind);
    }

    [Fact]
    public void A_reply_says_it_was_the_cycle_s_first_answer_and_how_long_the_customer_waited_once()
    {
        var conversation = Samples.Opened(T0);
        conversation.TakeChanges();

        conversation.Reply(Jd, "On it.", null, Visibility.Public, null, T0.AddMinutes(4));
        conversation.Reply(Jd, "Found it.", null, Visibility.Public, null, T0.AddMinutes(9));

        var replies = conversation.TakeChanges().OfType<ConversationEvent.Replied>().ToList();
        Assert.Equal([TimeSpan.FromMinutes(4), null], replies.Select(r => r.FirstResponse));
    }
}
