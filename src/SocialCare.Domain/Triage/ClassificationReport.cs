namespace SocialCare.Domain.Triage;

/// <summary>One class's figures in a <see cref="ClassificationReport"/>.</summary>
public sealed record ClassFigures(double Precision, double Recall, double F1, int Support);

/// <summary>
/// How a classifier did on labeled rows: accuracy, each class's precision, recall and F1, their
/// unweighted mean (macro-F1, which a majority class cannot flatter), and the confusion matrix
/// (actual label, then predicted label, then count).
/// </summary>
public sealed record ClassificationReport(
    int Rows,
    double Accuracy,
    double MacroF1,
    IReadOnlyDictionary<string, ClassFigures> Classes,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Confusion)
{
    /// <param name="pairs">Each row's (actual, predicted) label.</param>
    /// <param name="labels">Every class to report, in order (a class never predicted still gets a row).</param>
    public static ClassificationReport Of(IReadOnlyList<(string Actual, string Predicted)> pairs, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(labels);
        var classes = new Dictionary<string, ClassFigures>(StringComparer.Ordinal);
        var confusion = new Dictionary<string, IReadOnlyDictionary<string, int>>(StringComparer.Ordinal);
        foreach (var label in labels)
        {
            var truePositives = pairs.Count(p => p.Actual == label && p.Predicted == label);
            var predicted = pairs.Count(p => p.Predicted == label);
            var support = pairs.Count(p => p.Actual == label);
            var precision = predicted == 0 ? 0 : (double)truePositives / predicted;
            var recall = support == 0 ? 0 : (double)truePositives / support;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            classes[label] = new ClassFigures(Math.Round(precision, 4), Math.Round(recall, 4), Math.Round(f1, 4), support);
            confusion[label] = labels.ToDictionary(other => other, other => pairs.Count(p => p.Actual == label && p.Predicted == other), StringComparer.Ordinal);
        }

        var accuracy = pairs.Count == 0 ? 0 : (double)pairs.Count(p => p.Actual == p.Predicted) / pairs.Count;
        var macro = labels.Count == 0 ? 0 : classes.Values.Average(c => c.F1);
        return new ClassificationReport(pairs.Count, Math.Round(accuracy, 4), Math.Round(macro, 4), classes, confusion);
    }
}
