using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using SocialCare.Grains.Audit;
using SocialCare.Grains.Abstractions.Audit;
using SocialCare.Grains.Conversations;
using SocialCare.Grains.Abstractions.Conversations;
using SocialCare.Grains.Customers;
using SocialCare.Grains.Abstractions.Customers;
using SocialCare.Grains.Deliveries;
using SocialCare.Grains.Abstractions.Deliveries;
using SocialCare.Grains.Hosting;
using SocialCare.Grains.Knowledge;
using SocialCare.Grains.Abstractions.Knowledge;
using SocialCare.Grains.Queues;
using SocialCare.Grains.Abstractions.Queues;
using SocialCare.Grains.SavedReplies;
using SocialCare.Grains.Abstractions.SavedReplies;
using SocialCare.Grains.Triage;
using SocialCare.Grains.Abstractions.Triage;
using SocialCare.Grains.Abstractions;
using SocialCare.Grains.Abstractions.Tenants;

namespace SocialCare.Grains.Tenants;

/// <summary>
/// Deletes a tenant and everything stored for it (an operator's call: a brand leaving, or a load
/// test's tenant). In order, so that nothing writes the tenant's records back once they are gone:
/// <list type="number">
/// <item>the tenant grain stores the deletion; from then on it answers as unknown, keys included;</item>
/// <item>every silo's cached settings run out (<see cref="CareGrainOptions.TenantCacheDuration"/>),
/// after which every command on the tenant's conversations fails as for an unknown tenant;</item>
/// <item>the tenant's live activations (conversations, authors, queue shards, ...) are deactivated
/// across the cluster, so none holds its state in memory;</item>
/// <item>the storage erases the tenant's records (<see cref="ITenantErasure"/>), then the last two
/// steps run once more for anything a call in flight activated or wrote meanwhile;</item>
/// <item>the tenant grain forgets the deletion, and the id can be used again.</item>
/// </list>
/// A deletion that fails part-way leaves the tenant deleted to every caller; starting it again
/// finishes it.
/// </summary>
internal sealed class TenantDeletionGrain(ITenantErasure erasure, IOptions<CareGrainOptions> options, ILogger<TenantDeletionGrain> logger) : Grain, ITenantDeletionGrain
{
    /// <summary>How many deactivations run at once: enough to clear a load test's tenant quickly, few enough not to flood the silos.</summary>
    private const int ParallelDeactivations = 16;

    public async Task<Dictionary<string, long>?> DeleteAsync(long? expectedVersion)
    {
        var tenantId = this.GetPrimaryKeyString();
        // Not the caller's: a deletion that has begun is better finished than left half-way.
        var cancellationToken = CancellationToken.None;
        var tenant = GrainFactory.GetCareGrain<ITenantGrain>(tenantId);
        if (!await tenant.BeginDeletionAsync(expectedVersion))
        {
            return null;
        }

        await Task.Delay(options.Value.TenantCacheDuration, cancellationToken);
        var removed = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var pass = 0; pass < 2; pass++)
        {
            await DeactivateAsync(tenantId, cancellationToken);
            foreach (var (store, count) in await erasure.EraseAsync(tenantId, cancellationToken))
            {
                TenantRecords.Add(removed, store, count);
            }
        }

        await tenant.EndDeletionAsync();
        GrainLog.TenantDeleted(logger, tenantId, string.Join(", ", removed.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key}={r.Value}"))));
        return removed;
    }

    /// <summary>
    /// Deactivates the tenant's activations on every silo. The tenant grain itself stays: it holds
    /// the deletion until the end, so the id cannot be created again while records are erased.
    /// </summary>
    private async Task DeactivateAsync(string tenantId, CancellationToken cancellationToken)
    {
        var management = GrainFactory.GetGrain<IManagementGrain>(0);
        foreach (var type in TenantScopedTypes())
        {
            var active = await management.GetActiveGrains(type);
            await Parallel.ForEachAsync(
                active.Where(id => TenantRecords.Belongs(id.Key.ToString()!, tenantId)),
                new ParallelOptions { MaxDegreeOfParallelism = ParallelDeactivations, CancellationToken = cancellationToken },
                async (id, cancel) => await management.DeactivateGrain(id, cancel));
        }
    }

    /// <summary>Every grain type keyed by a tenant (all but the tenant's own and the silo-wide queue reader).</summary>
    private IEnumerable<GrainType> TenantScopedTypes()
    {
        // Any key will do: only the type is read.
        const string Key = "type/probe";
        yield return TypeOf(GrainFactory.GetCareGrain<IConversationGrain>(Key));
        yield return TypeOf(GrainFactory.GetCareGrain<IAuthorGrain>(Key));
        yield return TypeOf(GrainFactory.GetCareGrain<ICustomerGrain>(Key));
        yield return TypeOf(GrainFactory.GetCareGrain<IQueueShardGrain>(Key));
        yield return TypeOf(GrainFactory.GetCareGrain<IAuditTrailGrain>(Key));
        yield return TypeOf(GrainFactory.GetCareGrain<IDeliveryDeskGrain>(Key));
        yield return TypeOf(GrainFactory.GetCareGrain<IKnowledgeGrain>(Key));
        yield return TypeOf(GrainFactory.GetCareGrain<ISavedReplyUsageGrain>(Key));
        yield return TypeOf(GrainFactory.GetCareGrain<ITriageModelGrain>(Key));
    }

    private static GrainType TypeOf(IAddressable grain) => grain.GetGrainId().Type;
}
