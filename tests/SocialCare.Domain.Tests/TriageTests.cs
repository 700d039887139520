using SocialCare.Domain.Triage;

namespace SocialCare.Domain.Tests;

public sealed class TriageTests
{
    private readonly LexiconTriage _triage = new();

    [Theory]
    [InlineData("My flight was cancelled and nobody answers. Unacceptable!", Category.Complaint)]
    [InlineData("Worst airline ever, lost my bag again", Category.Complaint)]
    [InlineData("Your app is down, I can't log in since this morning", Category.Incident)]
    [InlineData("I need to change my booking for tomorrow", Category.BookingHelp)]
    // An order that has not come is a complaint phrased as a question; complaint wins over booking help.
    [InlineData("Where is my order? The tracking page shows nothing", Category.Complaint)]
    [InlineData("Can I add a bag to my booking?", Category.BookingHelp)]
    [InlineData("Do you fly to Lisbon in winter?", Category.Question)]
    [InlineData("Thanks for the amazing crew today!", Category.Praise)]
    [InlineData("Flying to Boston tomorrow", Category.Remark)]
    [InlineData("follow back for free followers, click here", Category.Spam)]
    public void Classifies_by_cue(string text, Category expected) =>
        Assert.Equal(expected, _triage.Classify(text, Samples.Author()).Category);

    [Fact]
    public void Complaints_outrank_booking_help_which_outranks_remarks_thanks_and_questions()
    {
        var complaint = _triage.Classify("This is unacceptable, my bag is lost", Samples.Author()).Priority;
        var booking = _triage.Classify("Can you help with my reservation", Samples.Author()).Priority;
        var thanks = _triage.Classify("Thank you so much", Samples.Author()).Priority;
        var question = _triage.Classify("What time does boarding start?", Samples.Author()).Priority;
        var remark = _triage.Classify("On my way to the airport", Samples.Author()).Priority;

        Assert.True(complaint < booking, $"{complaint} should come before {booking}");
        Assert.True(booking < thanks);
        Assert.True(booking < question);
        Assert.True(booking < remark);
    }

    [Fact]
    public void Influential_senders_move_up_one_level_but_not_to_urgent()
    {
        var ordinary = _triage.Classify("Can you help with my reservation", Samples.Author(followers: 50));
        var influential = _triage.Classify("Can you help with my reservation", Samples.Author(followers: 250_000));
        var verifiedComplaint = _triage.Classify("Terrible service, unacceptable", Samples.Author(verified: true));

        Assert.Equal(Priority.Normal, ordinary.Priority);
        Assert.Equal(Priority.High, influential.Priority);
        Assert.Equal(Priority.High, verifiedComplaint.Priority);
    }

    [Fact]
    public void Cues_match_at_word_starts_only()
    {
        // "nul" is a French complaint cue; it must not fire inside "annulé".
        var result = _triage.Classify("Vol annulé ?", Samples.Author());
        Assert.NotEqual("complaint cue \"nul\"", result.Reason);
    }

    [Fact]
    public void Reason_names_the_cue_that_decided()
    {
        var result = _triage.Classify("The website is down again", Samples.Author());
        Assert.Equal(Category.Incident, result.Category);
        Assert.Contains("is down", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("I love this, great job", Sentiment.Positive)]
    [InlineData("terrible, I hate waiting", Sentiment.Negative)]
    [InlineData("Flight 123 lands at 5", Sentiment.Neutral)]
    public void Scores_sentiment(string text, Sentiment expected) =>
        Assert.Equal(expected, _triage.Classify(text, Samples.Author()).Sentiment);
}
