using SocialCare.Domain.Text;
using SocialCare.Domain.Triage;

namespace SocialCare.Triage;

/// <summary>A trained model with its cross-validated figures, and for complaints the threshold they were taken at.</summary>
/// <param name="TopPriority">For complaints: how the host's queue would order the rows (see <see cref="TopPriority"/>), on the cross-validation.</param>
public sealed record TrainedModel(TextModel Model, ClassificationReport Report, double? Threshold, TopPriorityShare? TopPriority = null);

/// <summary>
/// Of the true complaints, the share that would open at the top triage priority (High), and of
/// the messages there, the share that are complaints. The host puts a message there when the
/// default model reads a complaint or an incident, or the brand's complaint model scores it at its
/// threshold or above (see <see cref="TrainedTriage"/>).
/// </summary>
public sealed record TopPriorityShare(double ComplaintsAtTop, double ComplaintsAmongTop)
{
    public static TopPriorityShare Of(IReadOnlyList<(bool Complaint, bool AtTop)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var complaints = rows.Count(r => r.Complaint);
        var atTop = rows.Count(r => r.AtTop);
        var both = rows.Count(r => r.Complaint && r.AtTop);
        return new TopPriorityShare(
            Math.Round(complaints == 0 ? 0 : (double)both / complaints, 4),
            Math.Round(atTop == 0 ? 0 : (double)both / atTop, 4));
    }
}

/// <summary>
/// Training as the CLI and the host both do it: figures from a k-fold cross-validation (each row
/// predicted by a model that never saw it), then the model itself trained on every row. For
/// complaints, the decision threshold is chosen on the cross-validation's probabilities so that
/// the model finds the share of complaints asked for, and the figures are reported at it.
/// </summary>
public static class TriageTraining
{
    public const int MinFolds = 2;
    public const int MaxFolds = 20;

    /// <param name="positive">For complaints: the label of a complaint; null for sentiment.</param>
    /// <param name="recall">For complaints: the share of complaints the threshold must find.</param>
    public static TrainedModel Train(IReadOnlyList<LabeledText> rows, TriageTask task, string? positive, int folds, double recall)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, MinFolds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(folds, MaxFolds);
        if (task == TriageTask.Complaint && positive is null)
        {
            throw new ArgumentNullException(nameof(positive), "a complaint model needs the label of a complaint.");
        }

        var complaint = task == TriageTask.Complaint ? positive : null;
        var scored = TextModel.CrossValidateScores(rows, folds, complaint);
        var model = TextModel.Train(rows);
        IReadOnlyList<(string Actual, string Predicted)> pairs = [.. scored.Select(x => (x.Actual, x.Predicted))];
        double? threshold = null;
        TopPriorityShare? top = null;
        if (complaint is not null)
        {
            var other = rows.Select(row => row.Label).FirstOrDefault(l => l != complaint) ?? TriageLabels.NotComplaint;
            threshold = TextModel.ChooseThreshold([.. scored.Select(x => (x.Actual, x.Probability))], complaint, recall);
            pairs = [.. scored.Select(x => (x.Actual, x.Probability >= threshold ? complaint : other))];
            model.WithThreshold(complaint, threshold.Value);
            var reader = new LexiconTriage();
            var author = new Domain.Conversations.AuthorProfile("", "", "", 0, false);
            top = TopPriorityShare.Of([.. scored.Select((x, i) =>
                (x.Actual == complaint, x.Probability >= threshold || TriageLabels.CountsAsComplaint(reader.Classify(rows[i].Text, author).Category)))]);
        }

        var report = TextModel.Report(pairs, task == TriageTask.Sentiment ? TriageLabels.Sentiments : [complaint!]);
        return new TrainedModel(model, report, threshold, top);
    }

    /// <summary>
    /// The text and label of each row of a labeled export (RFC 4180, header row). A missing column
    /// is an <see cref="ExportColumnException"/> naming it; a malformed file a <see cref="FormatException"/>.
    /// </summary>
    public static IReadOnlyList<(string Text, string Label)> ReadExport(TextReader reader, string textColumn, string labelColumn)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var (header, records) = CsvRecords.Read(reader);
        foreach (var (column, name) in new[] { (textColumn, nameof(textColumn)), (labelColumn, nameof(labelColumn)) })
        {
            if (!header.Contains(column))
            {
                throw new ExportColumnException(name, $"the export has no column \"{column}\" (its columns: {string.Join(", ", header)}).");
            }
        }

        return [.. records.Select(r => (r[textColumn], r[labelColumn].Trim()))];
    }
}

/// <summary>An export without the column a training or evaluation was told to read.</summary>
/// <param name="Parameter">Which was missing: "textColumn" or "labelColumn".</param>
public sealed class ExportColumnException(string parameter, string message) : FormatException(message)
{
    public string Parameter { get; } = parameter;
}
