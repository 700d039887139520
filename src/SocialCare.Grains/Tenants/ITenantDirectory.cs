using SocialCare.Domain.Tenants;

namespace SocialCare.Grains.Tenants;

/// <summary>A silo-local cache of tenant settings, so that mentions do not all pass through one tenant grain.</summary>
public interface ITenantDirectory
{
    /// <summary>Fails with NotFound for an unknown tenant.</summary>
    ValueTask<TenantSettings> GetAsync(string tenantId);

    void Forget(string tenantId);
}
