using SocialCare.Domain.Tenants;

namespace SocialCare.Grains.Tenants;

/// <summary>One brand's settings. Keyed by tenant id. Read rarely: activations use a cache.</summary>
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>Fails with AlreadyExists if the tenant exists.</summary>
    Task<TenantSettings> CreateAsync(TenantSettings settings);

    /// <returns>Null when the tenant was never created.</returns>
    Task<TenantSettings?> GetAsync();

    /// <summary>Replaces the settings; fails with Aborted if <paramref name="expectedVersion"/> is stale.</summary>
    Task<TenantSettings> UpdateAsync(TenantSettings settings, long? expectedVersion);
}
