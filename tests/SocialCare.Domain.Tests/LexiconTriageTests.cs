using SocialCare.Domain.Conversations;
using SocialCare.Domain.Text;
using SocialCare.Domain.Triage;

namespace SocialCare.Domain.Tests;

/// <summary>The default triage: each rule with cases that must fire and cases that must not.</summary>
public sealed class LexiconTriageTests
{
    private static readonly LexiconTriage Triage = new();
    private static readonly AuthorProfile Someone = Samples.Author();

    private static TriageResult Of(string text) => Triage.Classify(text, Someone);

    [Theory]
    [InlineData("I am happy with the service", Sentiment.Positive)]
    [InlineData("I am not happy with the service", Sentiment.Negative)]
    [InlineData("The crew wasn't rude at all, they were great", Sentiment.Positive)]
    [InlineData("Never again, worst airline", Sentiment.Negative)]
    [InlineData("This is not bad", Sentiment.Positive)]
    public void Negation_turns_a_words_valence_around(string text, Sentiment expected) =>
        Assert.Equal(expected, Of(text).Sentiment);

    [Fact]
    public void What_follows_but_weighs_more_than_what_comes_before()
    {
        Assert.Equal(Sentiment.Negative, Of("The crew was lovely but the delay was awful and the seats horrible").Sentiment);
        Assert.Equal(Sentiment.Positive, Of("The delay was bad but the crew were amazing and so kind").Sentiment);
    }

    [Fact]
    public void Intensifiers_capitals_and_exclamations_make_it_stronger()
    {
        var plain = Of("the service was bad").Valence;
        Assert.True(Of("the service was very bad").Valence < plain);
        Assert.True(Of("the service was BAD").Valence < plain);
        Assert.True(Of("the service was bad!!!").Valence < plain);
        Assert.Contains(Of("the service was very bad").Cues, c => c.StartsWith("very bad", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Thanks for nothing @airline")]
    [InlineData("thanks for the lack of help")]
    [InlineData("Great, another delay. Love it")]
    [InlineData("Thank you for losing my bag again")]
    [InlineData("Merci pour rien")]
    [InlineData("Bravo pour le retard de 3 heures")]
    [InlineData("Love flying with you #not")]
    public void Praise_for_a_failure_is_read_as_sarcasm_and_a_complaint(string text)
    {
        var result = Of(text);
        Assert.Equal(Sentiment.Negative, result.Sentiment);
        Assert.Equal(Category.Complaint, result.Category);
        Assert.Contains(result.Cues, c => c.StartsWith("sarcasm", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Thanks for the quick help, great crew!")]
    [InlineData("Thank you for the upgrade, lovely flight")]
    [InlineData("Merci pour votre aide, super équipe")]
    public void Sincere_thanks_stay_praise(string text)
    {
        var result = Of(text);
        Assert.Equal((Category.Praise, Sentiment.Positive), (result.Category, result.Sentiment));
        Assert.DoesNotContain(result.Cues, c => c.StartsWith("sarcasm", StringComparison.Ordinal));
    }

    [Fact]
    public void Emoji_and_emoticons_carry_valence()
    {
        Assert.Equal(Sentiment.Negative, Of("my flight 😡😡").Sentiment);
        Assert.Equal(Sentiment.Positive, Of("landed early 😍").Sentiment);
        Assert.Equal(Sentiment.Negative, Of("stuck at the gate :(").Sentiment);
        Assert.Equal(Sentiment.Positive, Of("new lounge :)").Sentiment);
        // A negation before an emoji does not turn the emoji around.
        Assert.DoesNotContain(Of("my bag hasn't arrived 😡").Cues, c => c.StartsWith("negated: 😡", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Je suis très déçu par ce vol", Sentiment.Negative)]
    [InlineData("je suis tres decu", Sentiment.Negative)]
    [InlineData("Ce n'est pas génial", Sentiment.Negative)]
    [InlineData("Je ne suis pas content du tout", Sentiment.Negative)]
    [InlineData("Super équipe, merci beaucoup !", Sentiment.Positive)]
    [InlineData("Le vol est à 10h", Sentiment.Neutral)]
    public void French_is_read_with_its_own_words_accents_or_not(string text, Sentiment expected) =>
        Assert.Equal(expected, Of(text).Sentiment);

    [Theory]
    [InlineData("Where is my bag? It has been three days", "en")]
    [InlineData("Mon vol est annulé et personne ne répond", "fr")]
    [InlineData("Pourquoi le vol est en retard ?", "fr")]
    [InlineData("The flight is late again", "en")]
    [InlineData("👍", null)]
    public void The_language_is_told_from_its_function_words(string text, string? language) =>
        Assert.Equal(language, Of(text).Language);

    [Theory]
    [InlineData("your baggage tracking system is worthless!", Category.Complaint)]
    [InlineData("charged 20 dollars EVEN THOUGH you got your money. Really?", Category.Complaint)]
    [InlineData("Why is my bag still not here after 3 days?", Category.Complaint)]
    [InlineData("My flight was cancelled and I need to rebook", Category.Complaint)]
    [InlineData("How do I change my booking to Friday?", Category.BookingHelp)]
    [InlineData("Can you help me rebook my ticket?", Category.BookingHelp)]
    [InlineData("Please help me change my seat", Category.BookingHelp)]
    [InlineData("Can I bring a stroller on board?", Category.Question)]
    [InlineData("Your app is down, can't log in", Category.Incident)]
    [InlineData("Best crew ever, thank you!", Category.Praise)]
    [InlineData("Flying to Rome tomorrow", Category.Remark)]
    [InlineData("Follow back for free followers! Click here", Category.Spam)]
    public void The_category_comes_from_the_whole_message_and_a_complaint_wins_over_booking_help(string text, Category expected) =>
        Assert.Equal(expected, Of(text).Category);

    [Fact]
    public void Complaints_go_to_the_top_triage_priority_and_explain_themselves()
    {
        var result = Of("I am not happy: the flight was delayed 5 hours and no one answers");
        Assert.Equal((Category.Complaint, Priority.High), (result.Category, result.Priority));
        Assert.Contains(result.Cues, c => c.StartsWith("negated: happy", StringComparison.Ordinal));
        Assert.Contains(result.Cues, c => c.StartsWith("complaint:", StringComparison.Ordinal));
        Assert.InRange(result.Confidence, 0.55, 1);
        Assert.Equal(Priority.Low, Of("Flying to Rome tomorrow").Priority);
    }

    [Fact]
    public void A_labeled_csv_is_read_as_rfc_4180_writes_it()
    {
        var csv = "\uFEFFid,text,label\r\n1,\"Hello, \"\"world\"\"\nsecond line\",positive\r\n2,plain,negative\n\n";
        var (header, records) = CsvRecords.Read(new StringReader(csv));
        var rows = records.ToList();
        Assert.Equal(["id", "text", "label"], header);
        Assert.Equal(2, rows.Count);
        Assert.Equal("Hello, \"world\"\nsecond line", rows[0]["text"]);
        Assert.Equal("negative", rows[1]["label"]);
        Assert.Contains("Line 2", Assert.Throws<FormatException>(() => CsvRecords.Read(new StringReader("a,b\n1,2,3\n")).Records.ToList()).Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => CsvRecords.Read(new StringReader("a,b\n1,\"open\n")).Records.ToList());
        Assert.Throws<FormatException>(() => CsvRecords.Read(new StringReader("")));
    }

    [Fact]
    public void A_report_gives_each_class_its_figures_and_the_macro_mean()
    {
        var report = ClassificationReport.Of([("1", "1"), ("1", "0"), ("0", "0"), ("0", "0"), ("0", "1")], ["1", "0"]);

        Assert.Equal((5, 0.6), (report.Rows, report.Accuracy));
        Assert.Equal(new ClassFigures(0.5, 0.5, 0.5, 2), report.Classes["1"]);
        Assert.Equal(new ClassFigures(0.6667, 0.6667, 0.6667, 3), report.Classes["0"]);
        Assert.Equal(0.5833, report.MacroF1, 3);
        Assert.Equal(1, report.Confusion["1"]["0"]);
    }
}
