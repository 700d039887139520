using SocialCare.Domain.Access;
using SocialCare.Domain.Tenants;

namespace SocialCare.Grains.Tenants;

[GenerateSerializer]
public sealed class TenantState
{
    [Id(0)] public TenantSettings? Settings { get; set; }

    /// <summary>The tenant's API keys, oldest first, revoked ones included.</summary>
    [Id(1)] public List<ApiKeyRecord> ApiKeys { get; set; } = [];

    /// <summary>
    /// When the tenant's deletion began: from then on it answers as a tenant that does not exist,
    /// until its records are erased and this state with them.
    /// </summary>
    [Id(2)] public DateTimeOffset? DeletingSince { get; set; }

    /// <summary>Every care policy version the tenant replaced, oldest first (the one in force is in the settings).</summary>
    [Id(3)] public List<Domain.Policies.CarePolicy> PolicyHistory { get; set; } = [];

    /// <summary>The settings of a tenant in service: null when there is none or it is being deleted.</summary>
    public TenantSettings? InService => DeletingSince is null ? Settings : null;
}
