using SocialCare.Domain.Audit;

namespace SocialCare.Grains.Abstractions.Audit;

/// <summary>
/// A tenant's audit trail: denials are appended here (changes append their entries with the
/// change itself), and the API reads the chain a page at a time to list, export and verify it.
/// Keyed by tenant id; a stateless worker, so reads spread over the silos.
/// </summary>
public interface IAuditTrailGrain : IGrainWithStringKey
{
    /// <summary>Appends the entry of a refused call; it is stored when this returns.</summary>
    Task RecordDenialAsync(AuditEntry entry);

    /// <summary>The next entries after <paramref name="after"/> that match <paramref name="filter"/>, oldest first.</summary>
    Task<IReadOnlyList<AuditedEntry>> ReadAsync(AuditFilter filter, AuditCursor after, int take);

    /// <summary>One lane's entries after <paramref name="afterSequence"/>, in chain order.</summary>
    Task<IReadOnlyList<AuditedEntry>> ReadLaneAsync(int lane, long afterSequence, int take);

    /// <summary>The tenant's lanes and where each one's stored entries begin.</summary>
    Task<IReadOnlyList<AuditLaneHead>> ReadLanesAsync();
}

/// <summary>What a listing keeps: each given field must match; times are [From, Until).</summary>
[GenerateSerializer, Immutable]
public sealed record AuditFilter(
    [property: Id(0)] string? ConversationId = null,
    [property: Id(1)] string? Actor = null,
    [property: Id(2)] string? Action = null,
    [property: Id(3)] DateTimeOffset? From = null,
    [property: Id(4)] DateTimeOffset? Until = null)
{
    public static readonly AuditFilter Everything = new();

    public bool Matches(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return (ConversationId is null || entry.ConversationId == ConversationId)
            && (Actor is null || entry.Actor == Actor || entry.ActedBy == Actor)
            && (Action is null || entry.Action == Action)
            && (From is null || entry.At >= From)
            && (Until is null || entry.At < Until);
    }
}
