using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;
using SocialCare.Domain.Triage;

namespace SocialCare.Triage;

/// <summary>One labeled text, as training reads it.</summary>
public sealed class LabeledText
{
    public string Text { get; set; } = "";

    public string Label { get; set; } = "";

    /// <summary>What the default model read in the text (see <see cref="TextModel.LexiconFeatures"/>); filled by the model.</summary>
    [VectorType(TextModel.LexiconFeatureCount)]
    public float[] Lexicon { get; set; } = new float[TextModel.LexiconFeatureCount];
}

/// <summary>What the model says of a text.</summary>
public sealed class TextPrediction
{
    [ColumnName("PredictedLabel")]
    public string Label { get; set; } = "";

    /// <summary>Each class's probability, in the order of the model's label key.</summary>
    public float[] Score { get; set; } = [];
}

/// <summary>
/// A brand's own text classifier (sentiment, or complaint or not): word 1-2-grams and character
/// 2-4-grams, lower-cased and without accents, under a linear multiclass model (SDCA maximum
/// entropy). Trained on the brand's labeled export and its agents' corrections; reported with
/// k-fold cross-validated figures, never figures on rows it was trained on.
/// </summary>
public sealed class TextModel
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly PredictionEngine<LabeledText, TextPrediction> _engine;
    private readonly Lock _lock = new();

    public const int LexiconFeatureCount = 8;

    private static readonly LexiconTriage Reader = new();

    /// <summary>
    /// The default model's reading as features beside the n-grams: valence, its sentiment and
    /// category decisions, sarcasm, a plain problem report and the number of cues. A brand's
    /// history then teaches the model when to trust them, rather than relearning negation and
    /// sarcasm from a few thousand rows.
    /// </summary>
    public static float[] LexiconFeatures(string text)
    {
        var read = Reader.Classify(text, new Domain.Conversations.AuthorProfile("", "", "", 0, false));
        return
        [
            (float)read.Valence,
            read.Sentiment == Sentiment.Negative ? 1 : 0,
            read.Sentiment == Sentiment.Positive ? 1 : 0,
            read.Category is Category.Complaint or Category.Incident ? 1 : 0,
            read.Category is Category.Question or Category.BookingHelp ? 1 : 0,
            read.Cues.Any(c => c.StartsWith("sarcasm", StringComparison.Ordinal)) ? 1 : 0,
            read.Cues.Any(c => c.StartsWith("problem", StringComparison.Ordinal)) ? 1 : 0,
            Math.Min(10, read.Cues.Count) / 10f,
        ];
    }

    private static LabeledText Read(LabeledText row) => new() { Text = row.Text, Label = row.Label, Lexicon = LexiconFeatures(row.Text) };

    private TextModel(MLContext ml, ITransformer model)
    {
        _ml = ml;
        _model = model;
        _engine = ml.Model.CreatePredictionEngine<LabeledText, TextPrediction>(model);
    }

    /// <summary>The label predicted for <paramref name="text"/>.</summary>
    public string Predict(string text)
    {
        // A prediction engine is not thread-safe; training-time tools use one model from one thread,
        // and a host would keep one engine per thread.
        lock (_lock)
        {
            return _engine.Predict(Read(new LabeledText { Text = text })).Label;
        }
    }

    public static TextModel Train(IReadOnlyList<LabeledText> rows, int seed = 17)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var ml = new MLContext(seed);
        return new TextModel(ml, Pipeline(ml).Fit(ml.Data.LoadFromEnumerable(rows.Select(Read).ToList())));
    }

    /// <summary>
    /// Each row predicted by a model trained without it: the rows are dealt into
    /// <paramref name="folds"/> folds in a seeded shuffle, and each fold is predicted by a model
    /// trained on the others.
    /// </summary>
    public static IReadOnlyList<(string Actual, string Predicted)> CrossValidate(IReadOnlyList<LabeledText> rows, int folds, int seed = 17)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var order = Enumerable.Range(0, rows.Count).ToArray();
        new Random(seed).Shuffle(order);
        var foldOf = new int[rows.Count];
        for (var i = 0; i < order.Length; i++)
        {
            foldOf[order[i]] = i % folds;
        }

        var pairs = new (string, string)[rows.Count];
        for (var fold = 0; fold < folds; fold++)
        {
            var training = rows.Where((_, i) => foldOf[i] != fold).ToList();
            var model = Train(training, seed);
            for (var i = 0; i < rows.Count; i++)
            {
                if (foldOf[i] == fold)
                {
                    pairs[i] = (rows[i].Label, model.Predict(rows[i].Text));
                }
            }
        }

        return pairs;
    }

    public void Save(string path)
    {
        using var stream = File.Create(path);
        _ml.Model.Save(_model, _ml.Data.LoadFromEnumerable(Array.Empty<LabeledText>()).Schema, stream);
    }

    public static TextModel Load(string path)
    {
        var ml = new MLContext(17);
        using var stream = File.OpenRead(path);
        return new TextModel(ml, ml.Model.Load(stream, out _));
    }

    private static IEstimator<ITransformer> Pipeline(MLContext ml) =>
        ml.Transforms.Conversion.MapValueToKey("LabelKey", nameof(LabeledText.Label))
            .Append(ml.Transforms.Text.FeaturizeText("Features", new TextFeaturizingEstimator.Options
            {
                CaseMode = TextNormalizingEstimator.CaseMode.Lower,
                KeepDiacritics = false,
                KeepPunctuations = true,
                KeepNumbers = true,
                WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
                CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = 4, UseAllLengths = true },
                Norm = TextFeaturizingEstimator.NormFunction.L2,
            }, nameof(LabeledText.Text)))
            .Append(ml.Transforms.Concatenate("Features", "Features", nameof(LabeledText.Lexicon)))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("LabelKey", "Features"))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));

    /// <summary>The report of a cross-validation, with the classes in the order given (others after).</summary>
    public static ClassificationReport Report(IReadOnlyList<(string Actual, string Predicted)> pairs, IReadOnlyList<string> labels) =>
        ClassificationReport.Of(pairs, [.. labels, .. pairs.Select(p => p.Actual).Distinct().Where(l => !labels.Contains(l)).Order(StringComparer.Ordinal)]);
}
