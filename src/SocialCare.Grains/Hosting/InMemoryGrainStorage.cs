using System.Globalization;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using SocialCare.Grains.Tenants;

namespace SocialCare.Grains.Hosting;

/// <summary>
/// Grain state for the in-memory profile (one silo): kept in this process as Orleans' binary
/// serialisation, so no stored state shares an object with a live activation, with a version per
/// record checked like any Orleans storage's ETag. Unlike Orleans' memory storage it can list what
/// it holds, so a tenant's deletion forgets the tenant's authors and customers too; and a write
/// is a dictionary update rather than a call to a storage grain.
/// </summary>
public sealed class InMemoryGrainStorage(Serializer serializer) : IGrainStorage, IInMemoryTenantData
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string StateName, GrainId GrainId), (byte[] State, long Version)> _records = [];

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        (byte[] State, long Version) stored;
        bool found;
        lock (_gate)
        {
            found = _records.TryGetValue((stateName, grainId), out stored);
        }

        grainState.State = found ? serializer.Deserialize<T>(stored.State) : Activator.CreateInstance<T>();
        grainState.ETag = found ? stored.Version.ToString(CultureInfo.InvariantCulture) : null;
        grainState.RecordExists = found;
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var bytes = serializer.SerializeToArray(grainState.State);
        long next;
        lock (_gate)
        {
            next = Checked(stateName, grainId, grainState.ETag) + 1;
            _records[(stateName, grainId)] = (bytes, next);
        }

        grainState.ETag = next.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        lock (_gate)
        {
            Checked(stateName, grainId, grainState.ETag);
            _records.Remove((stateName, grainId));
        }

        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    public void Erase(string tenantId, IDictionary<string, long> removed)
    {
        lock (_gate)
        {
            TenantRecords.Add(removed, "grain_states", TenantRecords.RemoveWhere(_records, r => TenantRecords.Belongs(r.GrainId.Key.ToString()!, tenantId)));
        }
    }

    /// <summary>The stored version, which must be the one the caller read (under the lock).</summary>
    private long Checked(string stateName, GrainId grainId, string? etag)
    {
        var stored = _records.TryGetValue((stateName, grainId), out var record) ? record.Version : 0;
        var expected = etag is null ? 0 : long.Parse(etag, NumberStyles.None, CultureInfo.InvariantCulture);
        return stored == expected
            ? stored
            : throw new InconsistentStateException($"{stateName}/{grainId} changed since version {expected} was read.", stored.ToString(CultureInfo.InvariantCulture), etag);
    }
}

/// <summary>Registration of the in-memory profile's grain storage.</summary>
public static class InMemoryGrainStorageRegistration
{
    /// <summary>Keeps grain state in this silo's memory (<see cref="InMemoryGrainStorage"/>) under <see cref="CareStorage.Name"/>.</summary>
    public static ISiloBuilder AddCareInMemoryStorage(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        Orleans.Runtime.Hosting.StorageProviderExtensions.AddGrainStorage(
            silo.Services,
            CareStorage.Name,
            (services, _) => new InMemoryGrainStorage(Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Serializer>(services)));
        return silo;
    }
}
