using SocialCare.Domain.Triage;

namespace SocialCare.Grains.Triage;

/// <summary>
/// Where a brand's triage labels (its agents' corrections) and trained models are kept:
/// PostgreSQL in the durable profile, so every silo loads the same model; process memory in
/// development.
/// </summary>
public interface ITriageModelStore
{
    /// <summary>Stores a correction, replacing an earlier one of the same message.</summary>
    Task RecordLabelAsync(TriageLabel label, CancellationToken cancellationToken = default);

    /// <summary>The tenant's most recent corrections, at most <paramref name="limit"/>, newest first.</summary>
    Task<IReadOnlyList<TriageLabel>> ListLabelsAsync(string tenantId, int limit, CancellationToken cancellationToken = default);

    /// <summary>Stores a trained model as the task's next version and returns it numbered (its <see cref="TriageModelVersion.Version"/> as given is ignored).</summary>
    Task<TriageModelVersion> AddModelAsync(TriageModelVersion model, byte[] content, CancellationToken cancellationToken = default);

    /// <summary>The tenant's models of both tasks, newest first.</summary>
    Task<IReadOnlyList<TriageModelVersion>> ListModelsAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>A model and its bytes; null when there is no such version.</summary>
    Task<StoredTriageModel?> ReadModelAsync(string tenantId, TriageTask task, int version, CancellationToken cancellationToken = default);
}

/// <summary>A model as stored: its description and its bytes (ML.NET's zip).</summary>
public sealed record StoredTriageModel(TriageModelVersion Model, byte[] Content);
