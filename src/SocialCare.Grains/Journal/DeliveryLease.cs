using SocialCare.Domain.Conversations;
using SocialCare.Domain.Deliveries;

namespace SocialCare.Grains.Journal;

/// <summary>A sender's request for work: up to <paramref name="Take"/> of a tenant's due deliveries, on the channels and accounts it serves.</summary>
/// <param name="Channels">The networks the sender publishes to; empty for all.</param>
/// <param name="AccountIds">The brand accounts it holds credentials for; empty for all.</param>
/// <param name="Owner">Who takes the lease (a sender's name, shown on the row for operators).</param>
/// <param name="Now">Deliveries due at or before this are taken.</param>
/// <param name="Until">When the lease runs out if the sender reports nothing.</param>
[GenerateSerializer, Immutable]
public sealed record DeliveryLease(
    [property: Id(0)] string TenantId,
    [property: Id(1)] IReadOnlyList<Channel> Channels,
    [property: Id(2)] IReadOnlyList<string> AccountIds,
    [property: Id(3)] string Owner,
    [property: Id(4)] DateTimeOffset Now,
    [property: Id(5)] DateTimeOffset Until,
    [property: Id(6)] int Take)
{
    public bool Serves(Delivery delivery) =>
        delivery.TenantId == TenantId
        && (Channels.Count == 0 || Channels.Contains(delivery.Channel))
        && (AccountIds.Count == 0 || AccountIds.Contains(delivery.AccountId, StringComparer.Ordinal));
}
