using System.Globalization;
using SocialCare.Domain.Conversations;

namespace SocialCare.Domain.Triage;

/// <summary>
/// A transparent rule-based classifier: cue phrases decide the category, a small lexicon the
/// sentiment. It is deliberately simple and explainable (the reason names the cue that fired);
/// a learned model can replace it behind <see cref="ITriageClassifier"/>.
/// </summary>
public sealed class KeywordTriage : ITriageClassifier
{
    private static readonly string[] SpamCues =
    [
        "follow back", "follow for follow", "free followers", "click here", "dm for promo", "crypto giveaway",
        "earn money fast", "work from home and earn", "promo code in bio",
    ];

    private static readonly string[] IncidentCues =
    [
        "outage", "is down", "are down", "went down", "not working", "isn't working", "doesn't work", "does not work",
        "won't load", "wont load", "can't log in", "cant log in", "cannot log in", "can't login", "cannot login",
        "error message", "error code", "keeps crashing", "crashed", "crashes", "broken link", "site down", "app down",
        "en panne", "ne fonctionne pas", "marche pas",
    ];

    private static readonly string[] ComplaintCues =
    [
        "worst", "terrible", "awful", "horrible", "unacceptable", "disgusting", "ridiculous", "pathetic", "appalling",
        "disappointed", "disappointing", "furious", "angry", "fed up", "never again", "never fly", "rude", "complaint",
        "refund", "compensation", "lost my", "lost our", "lost luggage", "lost bag", "damaged", "still waiting",
        "been waiting", "on hold", "no one answers", "nobody answers", "no response", "cancelled", "canceled",
        "delayed", "delay", "missed my connection", "stranded", "overbooked", "shame on", "scam", "useless",
        "inadmissible", "honte", "nul", "scandale", "remboursement",
    ];

    private static readonly string[] BookingCues =
    [
        "booking", "book a", "booked", "reservation", "reserve", "rebook", "itinerary", "confirmation number",
        "my order", "order number", "tracking", "delivery", "my ticket", "tickets", "seat", "upgrade", "check-in",
        "check in", "boarding pass", "change my flight", "change my booking", "cancel my", "baggage allowance",
        "réservation", "commande", "billet",
    ];

    private static readonly string[] PraiseCues =
    [
        "thank", "thanks", "thx", "great job", "great service", "love", "awesome", "amazing", "excellent", "the best",
        "appreciate", "kudos", "well done", "wonderful", "fantastic", "brilliant", "merci", "bravo", "génial",
    ];

    private static readonly string[] QuestionCues =
    [
        "how do", "how can", "how long", "can i", "can you", "could you", "what is", "what's", "when will", "when is",
        "where is", "where can", "is there", "are there", "do you", "does", "will you", "any way to", "est-ce que",
        "comment", "pourquoi", "quand",
    ];

    private static readonly string[] NegativeWords =
    [
        "worst", "terrible", "awful", "horrible", "bad", "hate", "unacceptable", "disappointed", "angry", "rude", "never",
        "delayed", "cancelled", "canceled", "lost", "damaged", "broken", "waiting", "ridiculous", "useless", "fail",
        "failed", "sucks", "poor", "annoyed", "frustrated", "frustrating", "stuck", "problem", "issue", "wrong",
        "nul", "honte", "déçu", "pire",
    ];

    private static readonly string[] PositiveWords =
    [
        "thank", "thanks", "great", "love", "awesome", "amazing", "excellent", "best", "appreciate", "happy", "good",
        "nice", "kind", "helpful", "perfect", "wonderful", "fantastic", "brilliant", "glad", "merci", "bravo", "super",
    ];

    public TriageResult Classify(string text, AuthorProfile author)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(author);
        var normalized = text.ToLower(CultureInfo.InvariantCulture).Replace('’', '\'');
        var sentiment = ScoreSentiment(normalized);
        var (category, reason) = Categorize(normalized, sentiment);
        return new TriageResult(category, PriorityRules.For(category, author), sentiment, reason);
    }

    private static (Category Category, string Reason) Categorize(string text, Sentiment sentiment)
    {
        if (FindCue(text, SpamCues) is { } spam)
        {
            return (Category.Spam, $"spam cue \"{spam}\"");
        }

        if (FindCue(text, IncidentCues) is { } incident)
        {
            return (Category.Incident, $"incident cue \"{incident}\"");
        }

        if (FindCue(text, ComplaintCues) is { } complaint && sentiment != Sentiment.Positive)
        {
            return (Category.Complaint, $"complaint cue \"{complaint}\"");
        }

        if (FindCue(text, BookingCues) is { } booking)
        {
            return (Category.BookingHelp, $"booking cue \"{booking}\"");
        }

        var asks = text.Contains('?', StringComparison.Ordinal) || FindCue(text, QuestionCues) is not null;
        if (!asks && FindCue(text, PraiseCues) is { } praise)
        {
            return (Category.Praise, $"praise cue \"{praise}\"");
        }

        if (asks)
        {
            return (Category.Question, "asks a question");
        }

        return sentiment == Sentiment.Negative
            ? (Category.Complaint, "negative remark")
            : (Category.Remark, "no cue matched");
    }

    private static Sentiment ScoreSentiment(string text)
    {
        var score = CountWords(text, PositiveWords) - CountWords(text, NegativeWords);
        return score switch
        {
            > 0 => Sentiment.Positive,
            < 0 => Sentiment.Negative,
            _ => Sentiment.Neutral,
        };
    }

    private static string? FindCue(string text, string[] cues)
    {
        foreach (var cue in cues)
        {
            if (ContainsPhrase(text, cue))
            {
                return cue;
            }
        }

        return null;
    }

    private static int CountWords(string text, string[] words)
    {
        var count = 0;
        foreach (var word in words)
        {
            if (ContainsPhrase(text, word))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// A phrase counts where it starts on a word boundary, so "nul" does not fire inside
    /// "annulé"; it may end inside a word ("thank" matches "thankful").
    /// </summary>
    private static bool ContainsPhrase(string text, string phrase)
    {
        var start = 0;
        while (true)
        {
            var index = text.IndexOf(phrase, start, StringComparison.Ordinal);
            if (index < 0)
            {
                return false;
            }

            if (index == 0 || !char.IsLetterOrDigit(text[index - 1]))
            {
                return true;
            }

            start = index + 1;
        }
    }
}
