using SocialCare.Domain.Access;
using SocialCare.Domain.Approvals;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Knowledge;

namespace SocialCare.Domain.Tests;

public sealed class KnowledgeTests
{
    private static readonly DateTimeOffset T0 = Samples.Monday0900;

    [Theory]
    [InlineData("refunds", "refund")]
    [InlineData("Refunded", "refund")]
    [InlineData("bags", "bag")]
    [InlineData("delays", "delay")]
    [InlineData("replies", "reply")]
    [InlineData("Remboursé", "rembours")]
    [InlineData("remboursement", "rembours")]
    [InlineData("bus", "bus")]
    public void Words_are_compared_without_case_accents_or_common_endings(string word, string term) =>
        Assert.Equal([term], KnowledgeText.Terms(word));

    [Fact]
    public void A_score_is_the_share_of_the_querys_words_found()
    {
        var terms = KnowledgeText.QueryTerms("query", "lost bag refund");
        Assert.Equal(1.0, KnowledgeText.Score(terms, "Refunds for lost bags"));
        Assert.Equal(1.0 / 3, KnowledgeText.Score(terms, "Where is my bag?"), 3);
        Assert.Equal(0, KnowledgeText.Score(terms, "Seat change"));
        Assert.Equal(["lost", "bag"], KnowledgeText.QueryTerms("query", "the LOST bag, the lost bags"));
        Assert.Equal(["lost", "bags", "remboursé"], KnowledgeText.Words("Lost the bags? Remboursé!"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("the of and")]
    [InlineData("a")]
    public void A_query_with_nothing_to_search_for_is_refused(string query) =>
        Assert.Equal("query", Assert.Throws<CareException>(() => KnowledgeText.QueryTerms("query", query)).Field);

    [Fact]
    public void A_resolved_case_keeps_its_question_and_the_replies_that_went_out_masked_and_an_unanswered_one_is_not_kept()
    {
        var conversation = new Conversation();
        conversation.Open("c1", "cust1", "first-line", Samples.Mention("m1", "Charged twice on card 4111 1111 1111 1111, mail me at ann@example.com"), Samples.Triage(), T0);
        var unanswered = new Conversation();
        unanswered.Open("c2", "cust2", "first-line", Samples.Mention("m2"), Samples.Triage(), T0);
        unanswered.Resolve(CareActor.Agent("jd"), null, T0.AddMinutes(1));
        Assert.Null(KnowledgeEntry.Of(unanswered));

        var held = conversation.Reply(CareActor.Agent("new"), "Refund guaranteed!", null, Visibility.Public, null, T0.AddMinutes(1), approvals: ApprovalPolicy.None with { NewAgents = ["new"] }).Reply!;
        conversation.RejectReply(CareActor.Agent("lead"), held, "No guarantees.", T0.AddMinutes(2));
        conversation.Reply(CareActor.Agent("new"), "We refunded the second charge to your card.", null, Visibility.Private, null, T0.AddMinutes(3));
        conversation.Resolve(CareActor.Agent("new"), null, T0.AddMinutes(4));

        var entry = KnowledgeEntry.Of(conversation)!;
        Assert.Equal("Charged twice on card •••• 1111, mail me at a•••@example.com", entry.Question);
        Assert.Equal("We refunded the second charge to your card.", entry.Answer);
        Assert.Equal(T0.AddMinutes(4), entry.ResolvedAt);
    }
}
