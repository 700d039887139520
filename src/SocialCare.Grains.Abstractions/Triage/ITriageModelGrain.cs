using SocialCare.Domain.Triage;

namespace SocialCare.Grains.Abstractions.Triage;

/// <summary>
/// A tenant's own triage models: trains a version from an export and the agents' corrections,
/// lists the versions with their cross-validated figures, activates one and rolls back. Keyed by
/// tenant id. Training runs off the grain's turn, one at a time per silo, so classifying
/// messages never waits for it.
/// </summary>
public interface ITriageModelGrain : IGrainWithStringKey
{
    /// <summary>Trains and stores the task's next version, inactive; what it returns are its cross-validated figures.</summary>
    [ResponseTimeout("00:30:00")]
    Task<TriageModelVersion> TrainAsync(TriageTrainingRequest request);

    Task<TriageModelCatalog> ListAsync();

    /// <summary>Triages the task with <paramref name="version"/> (0: the default model) from now on.</summary>
    Task<TriageModelChoice> ActivateAsync(TriageTask task, int version, double? complaintThreshold);

    /// <summary>Back to the version active before the current one.</summary>
    Task<TriageModelChoice> RollBackAsync(TriageTask task);
}

/// <summary>What to train on: an export (optional) and, unless left out, the agents' corrections.</summary>
/// <param name="Csv">A labeled export (RFC 4180, header row, UTF-8); null or empty to train on corrections alone.</param>
/// <param name="PositiveLabel">For complaints: the export's label of a complaint.</param>
/// <param name="TargetRecall">For complaints: the share of complaints the chosen threshold must find.</param>
[GenerateSerializer, Immutable]
public sealed record TriageTrainingRequest(
    [property: Id(0)] TriageTask Task,
    [property: Id(1)] byte[]? Csv,
    [property: Id(2)] string TextColumn,
    [property: Id(3)] string LabelColumn,
    [property: Id(4)] string PositiveLabel,
    [property: Id(5)] bool IncludeCorrections,
    [property: Id(6)] int Folds,
    [property: Id(7)] double TargetRecall)
{
    public const int DefaultFolds = 5;
    public const double DefaultRecall = 0.9;

    /// <summary>The most rows one training takes (export and corrections together).</summary>
    public const int MaxRows = 100_000;
}

/// <summary>A tenant's models, newest first, what it triages with, and how many corrections wait for the next training.</summary>
[GenerateSerializer, Immutable]
public sealed record TriageModelCatalog(
    [property: Id(0)] IReadOnlyList<TriageModelVersion> Models,
    [property: Id(1)] TriageModelChoice Active,
    [property: Id(2)] int Corrections);
