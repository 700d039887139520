using SocialCare.Domain.Deliveries;

namespace SocialCare.Grains.Abstractions.Deliveries;

/// <summary>
/// Where a tenant's senders (connectors) take replies to publish and report on them. Keyed by
/// tenant id; a stateless worker: the outbox lives in the journal, and each report goes to the
/// conversation that owns the delivery, its only writer.
/// </summary>
public interface IDeliveryDeskGrain : IGrainWithStringKey
{
    /// <summary>Leases up to <see cref="DeliveryRequest.Take"/> due deliveries to the sender.</summary>
    Task<IReadOnlyList<Delivery>> LeaseAsync(DeliveryRequest request);

    /// <summary>Records a sender's report; reporting a settled delivery again changes nothing.</summary>
    Task<Conversations.ConversationResult> ReportAsync(DeliveryReport report);

    /// <summary>A delivery's outbox row, lease included; NotFound if the tenant has none by that id.</summary>
    Task<Delivery> GetAsync(string deliveryId);
}
