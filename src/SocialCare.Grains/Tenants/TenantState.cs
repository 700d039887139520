using SocialCare.Domain.Access;
using SocialCare.Domain.Tenants;

namespace SocialCare.Grains.Tenants;

[GenerateSerializer]
public sealed class TenantState
{
    [Id(0)] public TenantSettings? Settings { get; set; }

    /// <summary>The tenant's API keys, oldest first, revoked ones included.</summary>
    [Id(1)] public List<ApiKeyRecord> ApiKeys { get; set; } = [];
}
