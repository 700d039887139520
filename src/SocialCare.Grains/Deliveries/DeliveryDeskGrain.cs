using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using SocialCare.Domain.Deliveries;
using SocialCare.Grains.Conversations;
using SocialCare.Grains.Abstractions.Conversations;
using SocialCare.Grains.Hosting;
using SocialCare.Grains.Abstractions.Hosting;
using SocialCare.Grains.Journal;
using SocialCare.Grains.Abstractions;
using SocialCare.Grains.Abstractions.Deliveries;

namespace SocialCare.Grains.Deliveries;

[StatelessWorker]
internal sealed class DeliveryDeskGrain(
    IDeliveryOutbox outbox,
    [FromKeyedServices(CareClock.Key)] TimeProvider clock,
    IOptions<CareGrainOptions> options) : Grain, IDeliveryDeskGrain
{
    /// <summary>The most deliveries one lease hands out, whatever is asked.</summary>
    public const int MaxTake = 500;

    private string TenantId => field ??= this.GetPrimaryKeyString();

    public Task<IReadOnlyList<Delivery>> LeaseAsync(DeliveryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = clock.GetUtcNow();
        return outbox.LeaseDeliveriesAsync(new DeliveryLease(TenantId, request with { Take = Math.Clamp(request.Take, 1, MaxTake) }, now, now + options.Value.DeliveryLease));
    }

    public Task<ConversationResult> ReportAsync(DeliveryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var (conversationId, _) = DeliveryIds.Parse("delivery_id", report.DeliveryId);
        return GrainFactory.GetCareGrain<IConversationGrain>(GrainKeys.Conversation(TenantId, conversationId)).RecordDeliveryAsync(report);
    }

    public async Task<Delivery> GetAsync(string deliveryId)
    {
        DeliveryIds.Parse("delivery_id", deliveryId);
        return await outbox.ReadDeliveryAsync(TenantId, deliveryId)
            ?? throw DeliveryIds.NotFound(TenantId, deliveryId);
    }
}
