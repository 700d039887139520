namespace SocialCare.Grains.Abstractions.Tenants;

/// <summary>
/// A tenant's deletion, run by a grain of its own (keyed by tenant id) so that the tenant grain
/// keeps answering lookups meanwhile and two deletions of one tenant run one after the other.
/// </summary>
public interface ITenantDeletionGrain : IGrainWithStringKey
{
    /// <summary>Deletes the tenant and everything stored for it; repeating it finishes a deletion that failed part-way.</summary>
    /// <param name="expectedVersion">When set, the tenant's version must be this one (Aborted otherwise).</param>
    /// <returns>What was removed, by store; null when there is no such tenant.</returns>
    // A large tenant's records take a while to erase; the default 30 seconds would report a
    // deletion that is still running as failed.
    [ResponseTimeout("00:30:00")]
    Task<Dictionary<string, long>?> DeleteAsync(long? expectedVersion);
}
