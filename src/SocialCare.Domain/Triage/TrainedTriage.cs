using System.Globalization;
using SocialCare.Domain.Conversations;

namespace SocialCare.Domain.Triage;

/// <summary>What a brand's sentiment model said of a message.</summary>
public sealed record ModelSentiment(int Version, Sentiment Sentiment, double Probability);

/// <summary>What a brand's complaint model said of a message, and the threshold it was held to.</summary>
public sealed record ModelComplaint(int Version, double Probability, double Threshold)
{
    public bool IsComplaint => Probability >= Threshold;
}

/// <summary>
/// How a brand's trained models change the default model's reading. The sentiment model's answer
/// replaces the default's. The complaint model can only add complaints: a message it scores at
/// or above the tenant's threshold becomes a complaint (at a complaint's priority) whatever the
/// default read, while one it scores below keeps the default's category, because missing a
/// complaint costs more than reviewing a remark. Either way its score is among the cues, so an
/// agent sees what the brand's model thought.
/// </summary>
public static class TrainedTriage
{
    public static TriageResult Apply(TriageResult read, ModelSentiment? sentiment, ModelComplaint? complaint, AuthorProfile author)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(author);
        var result = read;
        var cues = new List<string>(read.Cues);
        if (sentiment is not null)
        {
            cues.Add($"model: sentiment v{sentiment.Version} {TriageLabels.Of(sentiment.Sentiment)} {Figure(sentiment.Probability)}");
            result = result with { Sentiment = sentiment.Sentiment };
        }

        if (complaint is not null)
        {
            cues.Add($"model: complaint v{complaint.Version} {Figure(complaint.Probability)} (threshold {Figure(complaint.Threshold)})");
            if (complaint.IsComplaint && !TriageLabels.CountsAsComplaint(read.Category))
            {
                result = result with
                {
                    Category = Category.Complaint,
                    Priority = PriorityRules.For(Category.Complaint, author),
                    Reason = $"complaint model v{complaint.Version}: {Figure(complaint.Probability)} >= {Figure(complaint.Threshold)}",
                    Confidence = Math.Round(complaint.Probability, 2),
                };
            }
        }

        return result with { Cues = cues };
    }

    private static string Figure(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
