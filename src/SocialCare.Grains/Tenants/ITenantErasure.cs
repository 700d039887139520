using Microsoft.Extensions.DependencyInjection;

namespace SocialCare.Grains.Tenants;

/// <summary>
/// Removes everything a storage profile keeps for one tenant: conversations and their messages,
/// queue rows, grain state (the tenant's own settings record, authors, customers), deliveries, the
/// audit trail, knowledge and triage models. Part of a tenant's deletion (<see cref="TenantDeletionGrain"/>),
/// which first makes sure nothing serves the tenant any more.
/// </summary>
public interface ITenantErasure
{
    /// <summary>
    /// Removes the tenant's records, in one transaction where the storage has transactions, so a
    /// failure leaves them all in place for the next attempt.
    /// </summary>
    /// <returns>How many records each store held for the tenant, by store (a table's name without its prefix); stores that held none are left out.</returns>
    Task<IReadOnlyDictionary<string, long>> EraseAsync(string tenantId, CancellationToken cancellationToken = default);
}

/// <summary>A store of the in-memory profile that can forget one tenant (see <see cref="InMemoryTenantErasure"/>).</summary>
public interface IInMemoryTenantData
{
    /// <summary>Forgets the tenant's records, adding how many it held to <paramref name="removed"/> by store name.</summary>
    void Erase(string tenantId, IDictionary<string, long> removed);
}

/// <summary>Names and counts shared by the in-memory stores' erasures.</summary>
public static class TenantRecords
{
    /// <summary>Whether a grain key or conversation key belongs to the tenant: it is the tenant's id, or starts with it and '/'.</summary>
    public static bool Belongs(string key, string tenantId)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(tenantId);
        return key.StartsWith(tenantId, StringComparison.Ordinal) && (key.Length == tenantId.Length || key[tenantId.Length] == '/');
    }

    /// <summary>Adds <paramref name="count"/> records to <paramref name="store"/>'s tally; nothing when none.</summary>
    public static void Add(IDictionary<string, long> removed, string store, long count)
    {
        ArgumentNullException.ThrowIfNull(removed);
        if (count > 0)
        {
            removed[store] = removed.TryGetValue(store, out var before) ? before + count : count;
        }
    }

    /// <summary>Removes the entries whose key matches, answering how many went.</summary>
    public static int RemoveWhere<TKey, TValue>(IDictionary<TKey, TValue> entries, Func<TKey, bool> matches)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var doomed = entries.Keys.Where(matches).ToList();
        foreach (var key in doomed)
        {
            entries.Remove(key);
        }

        return doomed.Count;
    }
}

/// <summary>
/// The in-memory profile's erasure: each of its stores forgets the tenant in turn (one process's
/// memory, so there is no transaction to share and nothing to survive).
/// </summary>
internal sealed class InMemoryTenantErasure(IServiceProvider services) : ITenantErasure
{
    public Task<IReadOnlyDictionary<string, long>> EraseAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var removed = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var store in Stores())
        {
            store.Erase(tenantId, removed);
        }

        return Task.FromResult<IReadOnlyDictionary<string, long>>(removed);
    }

    /// <summary>
    /// The profile's stores, as registered (a host may wrap one, as long as the wrapper forgets
    /// too). A store that cannot forget a tenant stops the deletion rather than leave its records.
    /// </summary>
    private IEnumerable<IInMemoryTenantData> Stores()
    {
        object?[] stores =
        [
            services.GetService<Journal.IConversationJournal>(),
            services.GetKeyedService<Orleans.Storage.IGrainStorage>(Hosting.CareStorage.Name),
            services.GetService<Knowledge.IKnowledgeIndex>(),
            services.GetService<Triage.ITriageModelStore>(),
        ];
        foreach (var store in stores.OfType<object>())
        {
            yield return store as IInMemoryTenantData
                ?? throw new InvalidOperationException($"{store.GetType().Name} cannot forget a tenant: register the storage profile's own {nameof(ITenantErasure)}.");
        }
    }
}
