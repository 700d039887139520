using System.CommandLine;

namespace SocialCare.Cli;

/// <summary>The brand's own triage models on the host.</summary>
internal static partial class CareCommands
{
    private static Command TriageModels(Option<string> tenant)
    {
        static string TriagingWith(Wire.ActiveTriageModels active) => $"triaging with: sentiment v{active.SentimentVersion}, complaint v{active.ComplaintVersion}";
        static Wire.TriageTask Task(string value) => Printer.Parse<Wire.TriageTask>(value, "--task");
        static void Show(Wire.TriageModel m) => Console.WriteLine(
            $"{Printer.Name(m.Task),-10} v{m.Version,-3} {(m.Active ? "active" : "      ")} {Printer.Time(m.CreateTime)} by {m.CreatedBy}: {m.ExportRows} export + {m.CorrectionRows} corrected rows, "
            + $"{m.Folds}-fold macro-F1 {m.MacroF1:0.000} accuracy {m.Accuracy:0.000}"
            + string.Concat(m.Classes.Select(c => $"; {c.Label} P {c.Precision:0.00} R {c.Recall:0.00}"))
            + (m.Task == Wire.TriageTask.Complaint ? $"; threshold {m.Threshold:0.000} for recall {m.TargetRecall:0.00}" : ""));

        var list = new Command("list", "The brand's trained models with their cross-validated figures, and which ones triage now.");
        list.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var listed = await client.Admin.ListTriageModelsAsync(new Wire.ListTriageModelsRequest { Parent = $"tenants/{r.GetValue(tenant)}" }, cancellationToken: ct);
            Console.WriteLine($"{TriagingWith(listed.Active)} (v0 is the default model); {listed.Corrections} corrections stored");
            foreach (var model in listed.Models)
            {
                Show(model);
            }
        });

        var task = new Option<string>("--task") { Description = "sentiment or complaint.", Required = true };
        var csv = new Option<FileInfo?>("--csv") { Description = "A labeled export (RFC 4180, header row, UTF-8); without one, the corrections alone." };
        var textColumn = new Option<string>("--text-column") { Description = "The export's text column.", DefaultValueFactory = _ => "text" };
        var labelColumn = new Option<string>("--label-column") { Description = "The export's label column.", DefaultValueFactory = _ => "label" };
        var positive = new Option<string>("--positive") { Description = "For complaints: the export's label of a complaint.", DefaultValueFactory = _ => "1" };
        var noCorrections = new Option<bool>("--no-corrections") { Description = "Leave the agents' corrections out." };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds (2..20).", DefaultValueFactory = _ => 5 };
        var recall = new Option<double>("--recall") { Description = "For complaints: the share of complaints the model must find.", DefaultValueFactory = _ => 0.9 };
        var train = new Command("train", "Train the next version on the host (inactive until `activate`) and show its cross-validated figures.")
        {
            task, csv, textColumn, labelColumn, positive, noCorrections, folds, recall,
        };
        train.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var which = Task(r.GetValue(task)!);
            var request = new Wire.TrainTriageModelRequest
            {
                Parent = $"tenants/{r.GetValue(tenant)}",
                Task = which,
                TextColumn = r.GetValue(textColumn)!,
                LabelColumn = r.GetValue(labelColumn)!,
                PositiveLabel = r.GetValue(positive)!,
                ExcludeCorrections = r.GetValue(noCorrections),
                Folds = r.GetValue(folds),
                TargetRecall = which == Wire.TriageTask.Complaint ? r.GetValue(recall) : 0,
            };
            if (r.GetValue(csv) is { } file)
            {
                request.Csv = Google.Protobuf.ByteString.CopyFrom(await File.ReadAllBytesAsync(file.FullName, ct));
            }

            // Training takes as long as the export is large: minutes, not the usual seconds.
            var trained = await client.Admin.TrainTriageModelAsync(request, deadline: DateTime.UtcNow.AddMinutes(30), cancellationToken: ct);
            Show(trained.Model);
        });

        var activateTask = new Option<string>("--task") { Description = "sentiment or complaint.", Required = true };
        var version = new Option<int>("--version") { Description = "The version to triage with; 0 for the default model.", Required = true };
        var threshold = new Option<double>("--complaint-threshold") { Description = "For complaints: the tenant's own threshold (0..1); 0 keeps the model's." };
        var activate = new Command("activate", "Triage with a trained version from now on.") { activateTask, version, threshold };
        activate.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var active = (await client.Admin.ActivateTriageModelAsync(new Wire.ActivateTriageModelRequest
            {
                Parent = $"tenants/{r.GetValue(tenant)}",
                Task = Task(r.GetValue(activateTask)!),
                Version = r.GetValue(version),
                ComplaintThreshold = r.GetValue(threshold),
            }, cancellationToken: ct)).Active;
            Console.WriteLine(TriagingWith(active));
        });

        var rollbackTask = new Option<string>("--task") { Description = "sentiment or complaint.", Required = true };
        var rollback = new Command("rollback", "Go back to the version that triaged before the current one.") { rollbackTask };
        rollback.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var active = (await client.Admin.RollbackTriageModelAsync(new Wire.RollbackTriageModelRequest { Parent = $"tenants/{r.GetValue(tenant)}", Task = Task(r.GetValue(rollbackTask)!) }, cancellationToken: ct)).Active;
            Console.WriteLine(TriagingWith(active));
        });
        return new Command("triage-models", "The brand's own triage models on the host: train, list, activate, roll back.") { list, train, activate, rollback };
    }
}
