using SocialCare.Domain.Deliveries;
using SocialCare.Grains.Deliveries;
using SocialCare.Grains.Abstractions.Deliveries;

namespace SocialCare.Grains.Journal;

/// <summary>A sender's request for work (<paramref name="Request"/>) as the journal serves it: for one tenant, at one time.</summary>
/// <param name="Now">Deliveries due at or before this are taken.</param>
/// <param name="Until">When the lease runs out if the sender reports nothing.</param>
public sealed record DeliveryLease(string TenantId, DeliveryRequest Request, DateTimeOffset Now, DateTimeOffset Until)
{
    public bool Serves(Delivery delivery) =>
        delivery.TenantId == TenantId
        && (Request.Channels.Count == 0 || Request.Channels.Contains(delivery.Channel))
        && (Request.AccountIds.Count == 0 || Request.AccountIds.Contains(delivery.AccountId, StringComparer.Ordinal));
}
