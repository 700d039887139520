using SocialCare.Domain.Errors;

namespace SocialCare.Domain.Triage;

/// <summary>What a brand's own model decides: a message's sentiment, or whether it is a complaint.</summary>
public enum TriageTask
{
    Sentiment = 1,
    Complaint = 2,
}

/// <summary>
/// An agent's correction of how a customer message was triaged, kept as a label for the brand's
/// next training (with the text, since the model learns from words). The latest correction of a
/// message replaces an earlier one.
/// </summary>
/// <param name="Category">The category the agent says the message has; null when only the sentiment was corrected.</param>
/// <param name="Sentiment">The sentiment the agent says it has; null when only the category was corrected.</param>
[GenerateSerializer, Immutable]
public sealed record TriageLabel(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string ConversationId,
    [property: Id(2)] string MessageId,
    [property: Id(3)] string Text,
    [property: Id(4)] Category? Category,
    [property: Id(5)] Sentiment? Sentiment,
    [property: Id(6)] string CorrectedBy,
    [property: Id(7)] DateTimeOffset CorrectedAt)
{
    /// <summary>The label's value for <paramref name="task"/>'s training, or null when the correction does not say.</summary>
    public string? For(TriageTask task) => task switch
    {
        TriageTask.Sentiment => Sentiment is { } sentiment ? TriageLabels.Of(sentiment) : null,
        _ => Category is { } category ? TriageLabels.OfComplaint(TriageLabels.CountsAsComplaint(category)) : null,
    };
}

/// <summary>The label values a brand's models are trained on and answer with.</summary>
public static class TriageLabels
{
    public const string Negative = "negative";
    public const string Neutral = "neutral";
    public const string Positive = "positive";
    public const string Complaint = "complaint";
    public const string NotComplaint = "not_complaint";

    public static IReadOnlyList<string> Sentiments { get; } = [Negative, Neutral, Positive];

    public static IReadOnlyList<string> For(TriageTask task) => task == TriageTask.Sentiment ? Sentiments : [Complaint, NotComplaint];

    public static string Of(Sentiment sentiment) => sentiment switch
    {
        Sentiment.Negative => Negative,
        Sentiment.Positive => Positive,
        _ => Neutral,
    };

    public static Sentiment? SentimentOf(string label) => label switch
    {
        Negative => Sentiment.Negative,
        Neutral => Sentiment.Neutral,
        Positive => Sentiment.Positive,
        _ => null,
    };

    public static string OfComplaint(bool complaint) => complaint ? Complaint : NotComplaint;

    /// <summary>The task's name in the API's words ("sentiment", "complaint").</summary>
    public static string OfTask(TriageTask task) => task == TriageTask.Sentiment ? "sentiment" : "complaint";

    /// <summary>The categories that put a message with the complaints at the top of the queue.</summary>
    public static bool CountsAsComplaint(Category category) => category is Category.Complaint or Category.Incident;
}

/// <summary>One class's cross-validated figures.</summary>
[GenerateSerializer, Immutable]
public sealed record TriageClassFigures(
    [property: Id(0)] string Label,
    [property: Id(1)] double Precision,
    [property: Id(2)] double Recall,
    [property: Id(3)] double F1,
    [property: Id(4)] int Support);

/// <summary>How often rows labeled <see cref="Actual"/> were predicted <see cref="Predicted"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record TriageConfusion(
    [property: Id(0)] string Actual,
    [property: Id(1)] string Predicted,
    [property: Id(2)] int Count);

/// <summary>A model's k-fold cross-validated figures: each row predicted by a model trained without it.</summary>
[GenerateSerializer, Immutable]
public sealed record TriageFigures(
    [property: Id(0)] int Rows,
    [property: Id(1)] double Accuracy,
    [property: Id(2)] double MacroF1,
    [property: Id(3)] IReadOnlyList<TriageClassFigures> Classes,
    [property: Id(4)] IReadOnlyList<TriageConfusion> Confusion)
{
    public static TriageFigures Of(ClassificationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new TriageFigures(
            report.Rows,
            report.Accuracy,
            report.MacroF1,
            [.. report.Classes.Select(c => new TriageClassFigures(c.Key, c.Value.Precision, c.Value.Recall, c.Value.F1, c.Value.Support))],
            [.. report.Confusion.SelectMany(actual => actual.Value.Select(predicted => new TriageConfusion(actual.Key, predicted.Key, predicted.Value)))]);
    }
}

/// <summary>One trained version of a brand's model, as stored beside its bytes.</summary>
/// <param name="Version">1, 2, ... per tenant and task; 0 names the default (lexicon) model.</param>
/// <param name="ExportRows">Rows taken from the uploaded export.</param>
/// <param name="CorrectionRows">Rows taken from the agents' corrections.</param>
/// <param name="Threshold">For complaints: the probability from which a message counts as one, chosen on the cross-validation for <paramref name="TargetRecall"/>.</param>
[GenerateSerializer, Immutable]
public sealed record TriageModelVersion(
    [property: Id(0)] string TenantId,
    [property: Id(1)] TriageTask Task,
    [property: Id(2)] int Version,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] string CreatedBy,
    [property: Id(5)] int ExportRows,
    [property: Id(6)] int CorrectionRows,
    [property: Id(7)] int Folds,
    [property: Id(8)] TriageFigures Figures,
    [property: Id(9)] double? Threshold,
    [property: Id(10)] double? TargetRecall,
    [property: Id(11)] long SizeBytes);

/// <summary>
/// Which of its models a tenant triages with: a version per task (0: the default model) and,
/// for complaints, a threshold of its own in place of the one chosen at training. The versions
/// active before are kept, most recent last, so an admin can roll back.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TriageModelChoice(
    [property: Id(0)] int SentimentVersion,
    [property: Id(1)] int ComplaintVersion,
    [property: Id(2)] double? ComplaintThreshold)
{
    public const int MaxHistory = 20;

    public static TriageModelChoice Default { get; } = new(0, 0, null);

    [Id(3)]
    public IReadOnlyList<int> SentimentHistory
    {
        get => field ?? [];
        init;
    }

    [Id(4)]
    public IReadOnlyList<int> ComplaintHistory
    {
        get => field ?? [];
        init;
    }

    public int VersionOf(TriageTask task) => task == TriageTask.Sentiment ? SentimentVersion : ComplaintVersion;

    /// <summary>Triages <paramref name="task"/> with <paramref name="version"/> from now on; the version it replaces can be rolled back to.</summary>
    /// <param name="complaintThreshold">For complaints: the tenant's own threshold (null: the model's).</param>
    public TriageModelChoice Activate(TriageTask task, int version, double? complaintThreshold)
    {
        if (complaintThreshold is { } threshold && (task != TriageTask.Complaint || threshold is <= 0 or >= 1 || double.IsNaN(threshold)))
        {
            throw CareException.Invalid("complaint_threshold", task == TriageTask.Complaint
                ? "must be between 0 and 1 (exclusive), or unset to use the threshold chosen at training."
                : "applies to complaint models only.");
        }

        if (version == VersionOf(task))
        {
            // Activating the model already in use changes its threshold only: nothing to roll back to.
            return task == TriageTask.Complaint ? this with { ComplaintThreshold = complaintThreshold } : this;
        }

        return task == TriageTask.Sentiment
            ? this with { SentimentVersion = version, SentimentHistory = Pushed(SentimentHistory, SentimentVersion) }
            : this with { ComplaintVersion = version, ComplaintThreshold = complaintThreshold, ComplaintHistory = Pushed(ComplaintHistory, ComplaintVersion) };
    }

    /// <summary>Back to the version active before the current one; refused when there was none.</summary>
    public TriageModelChoice RollBack(TriageTask task, string tenantId)
    {
        var history = task == TriageTask.Sentiment ? SentimentHistory : ComplaintHistory;
        if (history.Count == 0)
        {
            throw CareException.Precondition($"Tenant \"{tenantId}\" has no earlier {TriageLabels.OfTask(task)} model to roll back to: it has triaged with version {VersionOf(task)} since its first activation.");
        }

        var previous = history[^1];
        IReadOnlyList<int> rest = [.. history.Take(history.Count - 1)];
        // The complaint threshold belonged to the version rolled back from; the earlier model's own applies.
        return task == TriageTask.Sentiment
            ? this with { SentimentVersion = previous, SentimentHistory = rest }
            : this with { ComplaintVersion = previous, ComplaintThreshold = null, ComplaintHistory = rest };
    }

    private static IReadOnlyList<int> Pushed(IReadOnlyList<int> history, int version) =>
        [.. history.Skip(Math.Max(0, history.Count - (MaxHistory - 1))), version];
}
