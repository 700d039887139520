using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Tenants;
using SocialCare.Domain.Triage;
using SocialCare.Grains.Hosting;
using SocialCare.Triage;
using SocialCare.Grains.Abstractions;

namespace SocialCare.Grains.Triage;

/// <summary>
/// Triage as a tenant has chosen it: the default model's reading, changed by the brand's own
/// sentiment and complaint models when it has activated any (see <see cref="TrainedTriage"/>).
/// Each silo loads a model version from the store the first time one of its messages needs it
/// and keeps it; training happens elsewhere and never holds a classification up. When a model
/// cannot be loaded (storage down), messages are triaged by the default meanwhile rather than
/// refused, and the load is tried again after <see cref="RetryAfterFailure"/>. Triage never fails
/// a message: a classifier that throws leaves the message with the default model's reading, or,
/// when that one fails, <see cref="TriageResult.Unread"/>; failures are counted and logged at the
/// 1st, 10th, 100th... occurrence, not once per message.
/// </summary>
public sealed class TenantTriage(ITriageClassifier defaults, ITriageModelStore store, CareMetrics metrics, ILogger<TenantTriage> logger)
{
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<(string TenantId, TriageTask Task), Loaded> _models = new();

    private long _failures;

    public async ValueTask<TriageResult> ClassifyAsync(TenantSettings settings, string text, AuthorProfile author)
    {
        ArgumentNullException.ThrowIfNull(settings);
        TriageResult read;
        try
        {
            read = defaults.Classify(text, author);
        }
        catch (Exception failed) when (failed is not OperationCanceledException)
        {
            Failed(failed, settings.TenantId, "default");
            return TriageResult.Unread("the default model failed");
        }

        var choice = settings.TriageModels;
        if (choice.SentimentVersion == 0 && choice.ComplaintVersion == 0)
        {
            return read;
        }

        ModelSentiment? sentiment = null;
        if (choice.SentimentVersion > 0 && await ModelAsync(settings, TriageTask.Sentiment, choice.SentimentVersion) is { } sentimentModel)
        {
            try
            {
                var (label, probability) = sentimentModel.Model.Predict(text, read);
                if (TriageLabels.SentimentOf(label) is { } said)
                {
                    sentiment = new ModelSentiment(choice.SentimentVersion, said, probability);
                }
            }
            catch (Exception failed) when (failed is not OperationCanceledException)
            {
                Failed(failed, settings.TenantId, "sentiment model");
            }
        }

        ModelComplaint? complaint = null;
        if (choice.ComplaintVersion > 0 && await ModelAsync(settings, TriageTask.Complaint, choice.ComplaintVersion) is { } complaintModel)
        {
            try
            {
                var threshold = choice.ComplaintThreshold ?? complaintModel.Version.Threshold ?? 0.5;
                complaint = new ModelComplaint(choice.ComplaintVersion, complaintModel.Model.Probability(text, read, TriageLabels.Complaint), threshold);
            }
            catch (Exception failed) when (failed is not OperationCanceledException)
            {
                Failed(failed, settings.TenantId, "complaint model");
            }
        }

        return TrainedTriage.Apply(read, sentiment, complaint, author);
    }

    private void Failed(Exception failure, string tenantId, string classifier)
    {
        metrics.TriageFailed(tenantId, classifier);
        var count = Interlocked.Increment(ref _failures);
        if (SparseLog.IsDue(count))
        {
            GrainLog.TriageFailed(logger, failure, tenantId, classifier, count);
        }
    }

    /// <summary>The model, loaded once per silo; null while it cannot be had.</summary>
    private async ValueTask<LoadedModel?> ModelAsync(TenantSettings settings, TriageTask task, int version)
    {
        var tenantId = settings.TenantId;
        var key = (tenantId, task);
        // A load never throws (see LoadAsync): it is running, done, or done without a model,
        // which is tried again once RetryAfterFailure has passed.
        if (_models.TryGetValue(key, out var loaded) && loaded.Version == version && loaded.TenantCreatedAt == settings.CreatedAt
            && (!loaded.Load.IsCompleted || loaded.Load.Result is not null || Stopwatch.GetElapsedTime(loaded.StartedAt) < RetryAfterFailure))
        {
            return await loaded.Load;
        }

        // One version per tenant and task is kept: activating another replaces it on each silo as
        // its settings arrive, so a silo holds no more models than its tenants use.
        var fresh = new Loaded(version, settings.CreatedAt, Stopwatch.GetTimestamp(), LoadAsync(tenantId, task, version));
        _models[key] = fresh;
        return await fresh.Load;
    }

    private async Task<LoadedModel?> LoadAsync(string tenantId, TriageTask task, int version)
    {
        try
        {
            var stored = await store.ReadModelAsync(tenantId, task, version);
            if (stored is null)
            {
                GrainLog.TriageModelMissing(logger, tenantId, TriageLabels.OfTask(task), version);
                return null;
            }

            using var bytes = new MemoryStream(stored.Content, writable: false);
            return new LoadedModel(stored.Model, TextModel.Load(bytes));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            GrainLog.TriageModelUnavailable(logger, ex, tenantId, TriageLabels.OfTask(task), version);
            return null;
        }
    }

    private sealed record LoadedModel(TriageModelVersion Version, TextModel Model);

    /// <param name="TenantCreatedAt">
    /// Which tenant of that id the model belongs to: a tenant deleted and created again numbers its
    /// models from 1 again, and must not be served the one this silo loaded for its predecessor.
    /// </param>
    private sealed record Loaded(int Version, DateTimeOffset TenantCreatedAt, long StartedAt, Task<LoadedModel?> Load);
}
