using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocialCare.Domain.Audit;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Triage;
using SocialCare.Grains.Audit;
using SocialCare.Grains.Abstractions.Audit;
using SocialCare.Grains.Hosting;
using SocialCare.Grains.Abstractions.Hosting;
using SocialCare.Grains.Journal;
using SocialCare.Grains.Tenants;
using SocialCare.Grains.Abstractions.Tenants;
using SocialCare.Triage;
using SocialCare.Grains.Abstractions;
using SocialCare.Grains.Abstractions.Triage;

namespace SocialCare.Grains.Triage;

internal sealed class TriageModelGrain(
    ITenantDirectory tenants,
    ITriageModelStore store,
    TriageTrainingGate gate,
    IAuditStore trail,
    [FromKeyedServices(CareClock.Key)] TimeProvider clock,
    ILogger<TriageModelGrain> logger) : Grain, ITriageModelGrain
{
    private string TenantId => field ??= this.GetPrimaryKeyString();

    public async Task<TriageModelVersion> TrainAsync(TriageTrainingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        await tenants.GetAsync(TenantId);
        var folds = request.Folds == 0 ? TriageTrainingRequest.DefaultFolds : request.Folds;
        if (folds is < TriageTraining.MinFolds or > TriageTraining.MaxFolds)
        {
            throw CareException.Invalid("folds", $"must be {TriageTraining.MinFolds}..{TriageTraining.MaxFolds} (0 for {TriageTrainingRequest.DefaultFolds}).");
        }

        var recall = request.TargetRecall == 0 ? TriageTrainingRequest.DefaultRecall : request.TargetRecall;
        if (recall is <= 0 or > 1 || double.IsNaN(recall))
        {
            throw CareException.Invalid("target_recall", $"must be above 0 and at most 1 (0 for {TriageTrainingRequest.DefaultRecall}).");
        }

        var exported = ReadExport(request);
        var corrected = new List<LabeledText>();
        if (request.IncludeCorrections)
        {
            foreach (var label in await store.ListLabelsAsync(TenantId, TriageTrainingRequest.MaxRows))
            {
                if (label.For(request.Task) is { } value)
                {
                    corrected.Add(new LabeledText { Text = label.Text, Label = value });
                }
            }
        }

        List<LabeledText> rows = [.. exported, .. corrected];
        RequireEnough(request.Task, rows, folds, exported.Count, corrected.Count);

        // The cross-validation and the final fit are CPU work of seconds to minutes: on the thread
        // pool, one training per silo at a time, never on the grain scheduler's threads that
        // carry ingest.
        var trained = await gate.RunAsync(() => TriageTraining.Train(rows, request.Task, request.Task == TriageTask.Complaint ? TriageLabels.Complaint : null, folds, recall));
        var content = trained.Model.ToBytes();
        var stored = await store.AddModelAsync(
            new TriageModelVersion(
                TenantId,
                request.Task,
                0,
                clock.GetUtcNow(),
                AuditContext.Current.CallerId,
                exported.Count,
                corrected.Count,
                folds,
                TriageFigures.Of(trained.Report),
                trained.Threshold is { } threshold ? Math.Round(threshold, 4) : null,
                request.Task == TriageTask.Complaint ? recall : null,
                content.Length),
            content);
        await trail.AppendAuditAsync([AuditContext.Current.Entry(
            TenantId,
            clock.GetUtcNow(),
            AuditActions.TriageModelTrained,
            $"triageModels/{TriageLabels.OfTask(request.Task)}/{stored.Version}",
            detail: $"export_rows={exported.Count} correction_rows={corrected.Count} folds={folds} macro_f1={trained.Report.MacroF1.ToString(System.Globalization.CultureInfo.InvariantCulture)}")]);
        GrainLog.TriageModelTrained(logger, TenantId, TriageLabels.OfTask(request.Task), stored.Version, rows.Count, trained.Report.MacroF1);
        return stored;
    }

    public async Task<TriageModelCatalog> ListAsync()
    {
        var settings = await tenants.GetAsync(TenantId);
        var models = await store.ListModelsAsync(TenantId);
        var corrections = await store.ListLabelsAsync(TenantId, TriageTrainingRequest.MaxRows);
        return new TriageModelCatalog(models, settings.TriageModels, corrections.Count);
    }

    public async Task<TriageModelChoice> ActivateAsync(TriageTask task, int version, double? complaintThreshold)
    {
        if (version < 0)
        {
            throw CareException.Invalid("version", "must be a trained version, or 0 for the default model.");
        }

        // The descriptions, not the model's bytes, tell whether the version exists.
        if (version > 0 && !(await store.ListModelsAsync(TenantId)).Any(m => m.Task == task && m.Version == version))
        {
            throw CareException.NotFound($"{char.ToUpperInvariant(TriageLabels.OfTask(task)[0])}{TriageLabels.OfTask(task)[1..]} model version {version} of tenant \"{TenantId}\"", "version");
        }

        return await Tenant().ActivateTriageModelAsync(task, version, complaintThreshold);
    }

    public Task<TriageModelChoice> RollBackAsync(TriageTask task) => Tenant().RollBackTriageModelAsync(task);

    private ITenantGrain Tenant() => GrainFactory.GetCareGrain<ITenantGrain>(TenantId);

    /// <summary>The export's rows with the labels a brand's model answers with; a label that is not one is refused naming the row.</summary>
    private static List<LabeledText> ReadExport(TriageTrainingRequest request)
    {
        if (request.Csv is not { Length: > 0 } csv)
        {
            return [];
        }

        IReadOnlyList<(string Text, string Label)> records;
        try
        {
            using var reader = new StreamReader(new MemoryStream(csv, writable: false), Encoding.UTF8);
            records = TriageTraining.ReadExport(reader, request.TextColumn, request.LabelColumn);
        }
        catch (ExportColumnException ex)
        {
            throw CareException.Invalid(ex.Parameter == "textColumn" ? "text_column" : "label_column", ex.Message);
        }
        catch (FormatException ex)
        {
            throw CareException.Invalid("csv", $"is not a CSV export SocialCare can read: {ex.Message}");
        }

        if (records.Count > TriageTrainingRequest.MaxRows)
        {
            throw CareException.Invalid("csv", $"has {records.Count} rows; one training takes at most {TriageTrainingRequest.MaxRows}.");
        }

        var rows = new List<LabeledText>(records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            var (text, label) = records[i];
            string value;
            if (request.Task == TriageTask.Complaint)
            {
                value = TriageLabels.OfComplaint(label == request.PositiveLabel);
            }
            else
            {
                value = label.ToLowerInvariant();
                if (TriageLabels.SentimentOf(value) is null)
                {
                    // Row numbers count the header as row 1, as a spreadsheet shows them.
                    throw CareException.Invalid("label_column", $"row {i + 2} is labeled {Echo.Quote(label)}; a sentiment label is negative, neutral or positive.");
                }
            }

            rows.Add(new LabeledText { Text = text, Label = value });
        }

        return rows;
    }

    /// <summary>Every label the task tells apart needs rows in each fold, or there is nothing to learn or measure.</summary>
    private void RequireEnough(TriageTask task, List<LabeledText> rows, int folds, int exported, int corrected)
    {
        if (rows.Count > TriageTrainingRequest.MaxRows)
        {
            throw CareException.Invalid("csv", $"with the corrections makes {rows.Count} rows; one training takes at most {TriageTrainingRequest.MaxRows}.");
        }

        var counts = rows.GroupBy(r => r.Label).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var present = TriageLabels.For(task).Where(l => counts.GetValueOrDefault(l) >= folds).ToList();
        if (present.Count < 2)
        {
            var have = string.Join(", ", TriageLabels.For(task).Select(l => $"{l} {counts.GetValueOrDefault(l)}"));
            throw CareException.Precondition(
                $"Tenant \"{TenantId}\" has too few labeled messages to train a {TriageLabels.OfTask(task)} model: at least two labels need {folds} rows each (one per fold); it has {have} ({exported} from the export, {corrected} from corrections).");
        }
    }
}

/// <summary>One training at a time per silo, on the thread pool: a second waits for the first.</summary>
internal sealed class TriageTrainingGate
{
    private readonly SemaphoreSlim _one = new(1, 1);

    public async Task<T> RunAsync<T>(Func<T> work)
    {
        await _one.WaitAsync();
        try
        {
            return await Task.Run(work);
        }
        finally
        {
            _one.Release();
        }
    }
}
