using SocialCare.Domain.Access;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Triage;

namespace SocialCare.Domain.Tests;

/// <summary>Which model a tenant triages with, how a brand's models change the default's reading, and an agent's correction.</summary>
public sealed class TriageModelChoiceTests
{
    [Fact]
    public void Activations_stack_up_for_rollback_and_a_rollback_returns_to_the_version_before()
    {
        var choice = TriageModelChoice.Default
            .Activate(TriageTask.Sentiment, 1, null)
            .Activate(TriageTask.Sentiment, 2, null)
            .Activate(TriageTask.Complaint, 1, 0.3);

        Assert.Equal(2, choice.SentimentVersion);
        Assert.Equal([0, 1], choice.SentimentHistory);
        Assert.Equal(0.3, choice.ComplaintThreshold);

        var back = choice.RollBack(TriageTask.Sentiment, "acme");
        Assert.Equal(1, back.SentimentVersion);
        Assert.Equal(1, back.ComplaintVersion);
        Assert.Equal(0, back.RollBack(TriageTask.Sentiment, "acme").SentimentVersion);
        Assert.Equal(CareErrorKind.FailedPrecondition, Assert.Throws<CareException>(() => back.RollBack(TriageTask.Sentiment, "acme").RollBack(TriageTask.Sentiment, "acme")).Kind);

        var complaintBack = choice.RollBack(TriageTask.Complaint, "acme");
        Assert.Equal(0, complaintBack.ComplaintVersion);
        Assert.Null(complaintBack.ComplaintThreshold);
    }

    [Fact]
    public void Activating_the_version_in_use_adds_nothing_to_roll_back_to_and_history_stays_bounded()
    {
        var same = TriageModelChoice.Default.Activate(TriageTask.Sentiment, 0, null);
        Assert.Empty(same.SentimentHistory);

        var many = TriageModelChoice.Default;
        for (var version = 1; version <= 50; version++)
        {
            many = many.Activate(TriageTask.Complaint, version, null);
        }

        Assert.Equal(TriageModelChoice.MaxHistory, many.ComplaintHistory.Count);
        Assert.Equal(49, many.ComplaintHistory[^1]);
    }

    [Theory]
    [InlineData(TriageTask.Complaint, 0.0)]
    [InlineData(TriageTask.Complaint, 1.0)]
    [InlineData(TriageTask.Complaint, double.NaN)]
    [InlineData(TriageTask.Sentiment, 0.5)]
    public void A_complaint_threshold_outside_zero_to_one_or_on_a_sentiment_model_is_refused(TriageTask task, double threshold)
    {
        var ex = Assert.Throws<CareException>(() => TriageModelChoice.Default.Activate(task, 1, threshold));
        Assert.Equal("complaint_threshold", ex.Field);
    }

    private static readonly TriageResult Question = new(Category.Question, Priority.Low, Sentiment.Neutral, "question mark") { Cues = ["question: \"?\""] };

    [Fact]
    public void A_complaint_model_at_or_above_its_threshold_makes_a_complaint_and_below_it_keeps_the_default()
    {
        var raised = TrainedTriage.Apply(Question, null, new ModelComplaint(3, 0.41, 0.4), Samples.Author());
        Assert.Equal(Category.Complaint, raised.Category);
        Assert.Equal(Priority.High, raised.Priority);
        Assert.Equal("complaint model v3: 0.41 >= 0.40", raised.Reason);
        Assert.Contains("model: complaint v3 0.41 (threshold 0.40)", raised.Cues);
        Assert.Contains("question: \"?\"", raised.Cues);

        var kept = TrainedTriage.Apply(Question, null, new ModelComplaint(3, 0.39, 0.4), Samples.Author());
        Assert.Equal(Category.Question, kept.Category);
        Assert.Equal(Priority.Low, kept.Priority);
        Assert.Contains("model: complaint v3 0.39 (threshold 0.40)", kept.Cues);

        // The model only adds complaints: one the default found stays one.
        var complaint = Question with { Category = Category.Incident, Priority = Priority.High };
        Assert.Equal(Category.Incident, TrainedTriage.Apply(complaint, null, new ModelComplaint(3, 0.01, 0.4), Samples.Author()).Category);
    }

    [Fact]
    public void A_sentiment_model_replaces_the_default_sentiment_and_says_so()
    {
        var read = TrainedTriage.Apply(Question, new ModelSentiment(2, Sentiment.Negative, 0.87), null, Samples.Author());

        Assert.Equal(Sentiment.Negative, read.Sentiment);
        Assert.Equal(Category.Question, read.Category);
        Assert.Contains("model: sentiment v2 negative 0.87", read.Cues);
    }

    [Fact]
    public void A_correction_sets_the_category_and_its_priority_and_the_sentiment_of_the_latest_message_only()
    {
        var at = Samples.Monday0900;
        var conversation = new Conversation();
        var first = conversation.Open("c1", "cust1", "first-line", Samples.Mention("m1", "Where is my order?"), Samples.Triage(Category.Question, Priority.Low), at);
        var second = conversation.AcceptInbound(Samples.Mention("m2", "Hello?"), Samples.Triage(Category.Question, Priority.Low), TimeSpan.Zero, at.AddMinutes(1)).Message!;

        var note = conversation.CorrectTriage(CareActor.Agent("jd"), first, Category.Complaint, Sentiment.Negative, at.AddMinutes(2));
        Assert.Equal(Category.Complaint, conversation.Category);
        Assert.Equal(Priority.High, conversation.Priority);
        Assert.Equal(Sentiment.Neutral, conversation.Sentiment);
        Assert.Equal(MessageKind.InternalNote, note.Kind);
        Assert.Equal($"Triage of message {first.MessageId} corrected: category question -> complaint; sentiment neutral -> negative.", note.Text);

        conversation.CorrectTriage(CareActor.Agent("jd"), second, null, Sentiment.Negative, at.AddMinutes(3));
        Assert.Equal(Sentiment.Negative, conversation.Sentiment);
        Assert.Equal(Category.Complaint, conversation.Category);

        Assert.Equal("category", Assert.Throws<CareException>(() => conversation.CorrectTriage(CareActor.Agent("jd"), first, null, null, at)).Field);
        Assert.Equal("message_id", Assert.Throws<CareException>(() => conversation.CorrectTriage(CareActor.Agent("jd"), note, Category.Remark, null, at)).Field);
    }
}
