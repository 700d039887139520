using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SocialCare.Api.Access;
using SocialCare.Api.Common;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Text;
using SocialCare.Grains.Abstractions;
using SocialCare.Grains.Abstractions.Conversations;
using SocialCare.Grains.Abstractions.Deliveries;

namespace SocialCare.Api.Deliveries;

public sealed class DeliveryGrpcService(
    IGrainFactory grains,
    DeliveryStreams streams,
    IOptions<DeliveryStreamOptions> options,
    IHostApplicationLifetime lifetime) : Wire.DeliveryService.DeliveryServiceBase
{
    public override async Task StreamDeliveries(Wire.StreamDeliveriesRequest request, IServerStreamWriter<Wire.StreamDeliveriesResponse> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        var tenantId = ResourceNames.ParseTenant("parent", request.Parent);
        FieldRules.RequireId("sender", request.Sender);
        var channels = request.Channels.Select((c, i) => c.ToDomain($"channels[{i}]")).Distinct().ToList();
        for (var i = 0; i < request.AccountIds.Count; i++)
        {
            FieldRules.RequireId($"account_ids[{i}]", request.AccountIds[i]);
        }

        var maxInFlight = request.MaxInFlight switch
        {
            0 => options.Value.DefaultMaxInFlight,
            < 0 or > DeliveryStreams.MaxInFlight => throw CareException.Invalid("max_in_flight", $"must be 1..{DeliveryStreams.MaxInFlight} (or 0 for {options.Value.DefaultMaxInFlight})."),
            var given => given,
        };

        var desk = grains.GetCareGrain<IDeliveryDeskGrain>(tenantId);
        var asked = new DeliveryRequest(request.Sender, channels, [.. request.AccountIds.Distinct(StringComparer.Ordinal)], maxInFlight);
        // Host shutdown ends streams at once; what they hold returns to the outbox when the leases run out.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        using var sender = streams.Open(tenantId, maxInFlight);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var room = sender.Room();
                if (room > 0)
                {
                    var leased = await desk.LeaseAsync(asked with { Take = room });
                    foreach (var delivery in leased)
                    {
                        sender.Hold(delivery.DeliveryId, delivery.DueAt);
                        await responseStream.WriteAsync(new Wire.StreamDeliveriesResponse { Delivery = delivery.ToProto() }, stop.Token);
                    }

                    if (leased.Count == room)
                    {
                        // A full batch: more may be due right now.
                        continue;
                    }
                }

                await sender.WaitAsync(options.Value.PollInterval, stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The sender disconnected or the host is stopping: the normal end of a stream.
        }
    }

    public override async Task<Wire.ReportDeliveryResponse> ReportDelivery(Wire.ReportDeliveryRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (tenantId, deliveryId) = ResourceNames.ParseDelivery("name", request.Name);
        var change = await grains.GetCareGrain<IDeliveryDeskGrain>(tenantId).ReportAsync(request.ToDomain(deliveryId));
        streams.Reported(tenantId, deliveryId);
        return new Wire.ReportDeliveryResponse { Delivery = change.Message!.Delivery!.ToProto(), Changed = change.Outcome != ConversationOutcome.Unchanged };
    }

    public override async Task<Wire.GetDeliveryResponse> GetDelivery(Wire.GetDeliveryRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (tenantId, deliveryId) = ResourceNames.ParseDelivery("name", request.Name);
        var delivery = await grains.GetCareGrain<IDeliveryDeskGrain>(tenantId).GetAsync(deliveryId);
        // A reply's text is its conversation's: a team-limited caller reads deliveries of its teams only.
        await context.Caller().RequireConversationTeamAsync(grains, tenantId, delivery.ConversationId, "name");
        return new Wire.GetDeliveryResponse { Delivery = delivery.ToProto() };
    }
}
