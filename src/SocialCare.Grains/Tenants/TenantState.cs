using SocialCare.Domain.Tenants;

namespace SocialCare.Grains.Tenants;

[GenerateSerializer]
public sealed class TenantState
{
    [Id(0)] public TenantSettings? Settings { get; set; }
}
