using Orleans.Concurrency;
using SocialCare.Domain.Audit;
using SocialCare.Grains.Journal;
using SocialCare.Grains.Abstractions.Audit;

namespace SocialCare.Grains.Audit;

/// <summary>
/// Reads a tenant's trail and appends denials. Stateless: the chain lives in the journal, which
/// links entries as it stores them, so any silo's worker can serve any tenant.
/// </summary>
[StatelessWorker]
internal sealed class AuditTrailGrain(IAuditStore trail) : Grain, IAuditTrailGrain
{
    /// <summary>The most entries one read returns, whatever is asked.</summary>
    public const int MaxPage = 1_000;

    public Task RecordDenialAsync(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.TenantId != this.GetPrimaryKeyString())
        {
            throw new ArgumentException($"The trail of tenant {this.GetPrimaryKeyString()} was given an entry of tenant {entry.TenantId}.", nameof(entry));
        }

        return trail.AppendAuditAsync([entry]);
    }

    public Task<IReadOnlyList<AuditedEntry>> ReadAsync(AuditFilter filter, AuditCursor after, int take) =>
        trail.ReadAuditAsync(this.GetPrimaryKeyString(), filter, after, Math.Clamp(take, 1, MaxPage));

    public Task<IReadOnlyList<AuditedEntry>> ReadLaneAsync(int lane, long afterSequence, int take) =>
        trail.ReadAuditLaneAsync(this.GetPrimaryKeyString(), lane, Math.Max(0, afterSequence), Math.Clamp(take, 1, MaxPage));

    public Task<IReadOnlyList<AuditLaneHead>> ReadLanesAsync() => trail.ReadAuditLanesAsync(this.GetPrimaryKeyString());
}
