using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Text;
using SocialCare.Domain.Triage;

namespace SocialCare.Cli;

/// <summary>
/// Triage on this machine, without a host: classify one text, or score a classifier on a labeled
/// CSV export and print one JSON object (rows, accuracy, macro_f1, classes, confusion).
/// </summary>
internal static class TriageCommands
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        // People read this output: emoji, accents and quotes as they are, not as \u escapes.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static Command Triage()
    {
        var text = new Argument<string>("text") { Description = "What the customer wrote." };
        var classify = new Command("classify", "Classify one message with the default model and show why.") { text };
        classify.SetAction(r =>
        {
            var result = new LexiconTriage().Classify(r.GetValue(text)!, new AuthorProfile("cli", "@cli", "cli", 0, false));
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                category = EnumWords.Of(result.Category),
                priority = EnumWords.Of(result.Priority),
                sentiment = EnumWords.Of(result.Sentiment),
                confidence = result.Confidence,
                valence = result.Valence,
                language = result.Language,
                reason = result.Reason,
                cues = result.Cues,
            }, Json));
        });

        var task = new Option<string>("--task") { Description = "sentiment or complaint.", Required = true };
        var csv = new Option<FileInfo>("--csv") { Description = "A labeled CSV export (RFC 4180, header row, UTF-8).", Required = true };
        var textColumn = new Option<string>("--text-column") { Description = "The column with the message text.", DefaultValueFactory = _ => "text" };
        var labelColumn = new Option<string>("--label-column") { Description = "The column with the label.", Required = true };
        var positive = new Option<string>("--positive") { Description = "For --task complaint: the label value of a complaint.", DefaultValueFactory = _ => "1" };
        var useDefault = new Option<bool>("--default") { Description = "Score the default (lexicon) model." };
        var modelFile = new Option<FileInfo?>("--model") { Description = "Score a model made by `triage train` instead." };
        var predictions = new Option<FileInfo?>("--predictions") { Description = "Also write each row's label, prediction, valence and cues to this CSV, for error analysis." };
        var evaluate = new Command("evaluate", "Score the triage on a labeled CSV and print a JSON report.") { task, csv, textColumn, labelColumn, positive, useDefault, modelFile, predictions };
        evaluate.SetAction(r =>
        {
            if (r.GetValue(useDefault) == (r.GetValue(modelFile) is not null))
            {
                throw new ArgumentException("give either --default or --model (a file made by `triage train`).");
            }

            var trained = r.GetValue(modelFile) is { } m
                ? (m.Exists ? SocialCare.Triage.TextModel.Load(m.FullName) : throw new ArgumentException($"--model {m.FullName}: no such file."))
                : null;
            var (report, perMessage, top) = Evaluate(r.GetValue(task)!, r.GetValue(csv)!, r.GetValue(textColumn)!, r.GetValue(labelColumn)!, r.GetValue(positive)!, new LexiconTriage(), r.GetValue(predictions), trained);
            var json = JsonSerializer.SerializeToNode(report, Json)!.AsObject();
            // What one classification costs on this machine (after a first pass warms the code up).
            json["microseconds_per_message"] = Math.Round(perMessage.TotalMicroseconds, 1);
            if (top is not null)
            {
                json["complaints_at_top_priority"] = top.ComplaintsAtTop;
                json["complaints_among_top_priority"] = top.ComplaintsAmongTop;
            }

            Console.WriteLine(json.ToJsonString(Json));
        });
        var trainTask = new Option<string>("--task") { Description = "sentiment or complaint.", Required = true };
        var trainCsv = new Option<FileInfo>("--csv") { Description = "The brand's labeled export (RFC 4180, header row, UTF-8).", Required = true };
        var trainText = new Option<string>("--text-column") { Description = "The column with the message text.", DefaultValueFactory = _ => "text" };
        var trainLabel = new Option<string>("--label-column") { Description = "The column with the label.", Required = true };
        var trainPositive = new Option<string>("--positive") { Description = "For --task complaint: the label value of a complaint.", DefaultValueFactory = _ => "1" };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds for the reported figures (2..20).", DefaultValueFactory = _ => 5 };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the model.", Required = true };
        var recall = new Option<double>("--recall") { Description = "For --task complaint: the share of complaints the model must find; its threshold is chosen on the cross-validation for that.", DefaultValueFactory = _ => 0.9 };
        var train = new Command("train", "Train a model on a labeled export, report its k-fold cross-validated figures, and write it.")
        {
            trainTask, trainCsv, trainText, trainLabel, trainPositive, folds, output, recall,
        };
        train.SetAction(r =>
        {
            var kind = r.GetValue(trainTask)!;
            if (kind is not ("sentiment" or "complaint"))
            {
                throw new ArgumentException($"--task {kind}: expected sentiment or complaint.");
            }

            if (r.GetValue(folds) is < SocialCare.Triage.TriageTraining.MinFolds or > SocialCare.Triage.TriageTraining.MaxFolds)
            {
                throw new ArgumentException($"--folds: expected {SocialCare.Triage.TriageTraining.MinFolds}..{SocialCare.Triage.TriageTraining.MaxFolds}.");
            }

            var rows = ReadLabeled(r.GetValue(trainCsv)!, r.GetValue(trainText)!, r.GetValue(trainLabel)!)
                .Select(row => new SocialCare.Triage.LabeledText { Text = row.Text, Label = kind == "sentiment" ? row.Label.ToLowerInvariant() : row.Label })
                .ToList();
            if (rows.Select(row => row.Label).Distinct().Count() < 2)
            {
                throw new ArgumentException("the export has fewer than two labels: there is nothing to tell apart.");
            }

            var timer = System.Diagnostics.Stopwatch.StartNew();
            var (model, report, threshold, top) = SocialCare.Triage.TriageTraining.Train(
                rows, kind == "sentiment" ? TriageTask.Sentiment : TriageTask.Complaint, kind == "complaint" ? r.GetValue(trainPositive)! : null, r.GetValue(folds), r.GetValue(recall));
            model.Save(r.GetValue(output)!.FullName);
            var json = JsonSerializer.SerializeToNode(report, Json)!.AsObject();
            if (threshold is { } chosen)
            {
                json["threshold"] = Math.Round(chosen, 4);
            }

            if (top is not null)
            {
                json["complaints_at_top_priority"] = top.ComplaintsAtTop;
                json["complaints_among_top_priority"] = top.ComplaintsAmongTop;
            }

            json["task"] = kind;
            json["folds"] = r.GetValue(folds);
            json["model"] = r.GetValue(output)!.FullName;
            json["seconds"] = Math.Round(timer.Elapsed.TotalSeconds, 1);
            Console.WriteLine(json.ToJsonString(Json));
        });
        return new Command("triage", "Classify messages, train a brand's own model, and score either on labeled exports, locally.") { classify, evaluate, train };
    }

    /// <returns>The report, one classification's cost, and for complaints how the queue would order them (default and model together, as the host does).</returns>
    private static (ClassificationReport Report, TimeSpan PerMessage, SocialCare.Triage.TopPriorityShare? Top) Evaluate(
        string task, FileInfo file, string textColumn, string labelColumn, string positive, ITriageClassifier classifier, FileInfo? predictions, SocialCare.Triage.TextModel? trained = null)
    {
        if (task is not ("sentiment" or "complaint"))
        {
            throw new ArgumentException($"--task {task}: expected sentiment or complaint.");
        }

        var rows = ReadLabeled(file, textColumn, labelColumn);
        if (trained is not null)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var other = rows.Select(r => r.Label).FirstOrDefault(l => l != positive) ?? "0";
            var predicted = rows.Select(r => (Actual: task == "sentiment" ? r.Label.ToLowerInvariant() : r.Label, Predicted: trained.Decide(r.Text, other))).ToList();
            var each = rows.Count == 0 ? TimeSpan.Zero : clock.Elapsed / rows.Count;
            var reader = new LexiconTriage();
            var someone = new AuthorProfile("eval", "@eval", "eval", 0, false);
            var ordered = task == "complaint"
                ? SocialCare.Triage.TopPriorityShare.Of([.. rows.Select((r, i) => (r.Label == positive, predicted[i].Predicted == positive || TriageLabels.CountsAsComplaint(reader.Classify(r.Text, someone).Category)))])
                : null;
            return (SocialCare.Triage.TextModel.Report(predicted, task == "sentiment" ? ["negative", "neutral", "positive"] : [positive]), each, ordered);
        }

        var author = new AuthorProfile("eval", "@eval", "eval", 0, false);
        var results = rows.Select(r => classifier.Classify(r.Text, author)).ToList();
        var timer = System.Diagnostics.Stopwatch.StartNew();
        foreach (var row in rows)
        {
            classifier.Classify(row.Text, author);
        }

        var perMessage = rows.Count == 0 ? TimeSpan.Zero : timer.Elapsed / rows.Count;
        // Sentiment: the label as written; complaint: the default model's decision is the
        // categories that put a message with the complaints at the top of the queue.
        var negative = rows.Select(r => r.Label).FirstOrDefault(l => l != positive) ?? "0";
        var pairs = task == "sentiment"
            ? rows.Select((r, i) => (r.Label.ToLowerInvariant(), EnumWords.Of(results[i].Sentiment))).ToList()
            : rows.Select((r, i) => (r.Label == positive ? positive : negative, results[i].Category is Category.Complaint or Category.Incident ? positive : negative)).ToList();
        if (predictions is not null)
        {
            using var writer = new StreamWriter(predictions.FullName);
            writer.WriteLine("text,label,predicted,category,sentiment,valence,language,cues");
            for (var i = 0; i < rows.Count; i++)
            {
                var result = results[i];
                writer.WriteLine(string.Join(',', Quote(rows[i].Text), Quote(pairs[i].Item1), Quote(pairs[i].Item2), EnumWords.Of(result.Category),
                    EnumWords.Of(result.Sentiment), result.Valence.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Language ?? "", Quote(string.Join(" | ", result.Cues))));
            }
        }

        var top = task == "complaint" ? SocialCare.Triage.TopPriorityShare.Of([.. rows.Select((r, i) => (r.Label == positive, results[i].Priority <= Priority.High))]) : null;
        return (ClassificationReport.Of(pairs, task == "sentiment" ? ["negative", "neutral", "positive"] : [positive, negative]), perMessage, top);
    }

    /// <summary>The text and label of each row of a labeled export; a missing column or a malformed file is an error naming it.</summary>
    private static IReadOnlyList<(string Text, string Label)> ReadLabeled(FileInfo file, string textColumn, string labelColumn)
    {
        if (!file.Exists)
        {
            throw new ArgumentException($"--csv {file.FullName}: no such file.");
        }

        using var reader = new StreamReader(file.FullName);
        try
        {
            return SocialCare.Triage.TriageTraining.ReadExport(reader, textColumn, labelColumn);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"{file.Name}: {ex.Message}", ex);
        }
    }

    private static string Quote(string value) => $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
