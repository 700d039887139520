using SocialCare.LoadTests.Care;

namespace SocialCare.LoadTests.Bench;

/// <summary>What a benchmark row calls, one request per call.</summary>
internal enum BenchTarget
{
    /// <summary>DiagnosticsService.Ping: the gRPC stack with no work behind it, the ceiling for the rest.</summary>
    Ping,

    /// <summary>IngestService.IngestMention with a fresh mention each call.</summary>
    Ingest,

    /// <summary>QueueService.ListQueue, the first page of the tenant's queue.</summary>
    ListQueue,

    /// <summary>
    /// ConversationService.PostReply, timed until the built-in connector has published the reply
    /// on a stub network and its report of it is stored (the delivery is sent).
    /// </summary>
    Delivery,
}

/// <summary>Makes one call of a target against the deployment.</summary>
/// <param name="deliveries">For <see cref="BenchTarget.Delivery"/>: the conversations, connector and stub network it uses.</param>
internal sealed class BenchCalls(CareEndpoints endpoints, MentionFactory mentions, DeliveryBench? deliveries = null)
{
    public async Task<object> CallAsync(BenchTarget target, long index, CancellationToken cancellation)
    {
        var channel = endpoints.For(index);
        return target switch
        {
            BenchTarget.Ping => await new Wire.DiagnosticsService.DiagnosticsServiceClient(channel)
                .PingAsync(new Wire.PingRequest(), deadline: endpoints.Deadline(), cancellationToken: cancellation).ConfigureAwait(false),
            BenchTarget.Ingest => await new Wire.IngestService.IngestServiceClient(channel)
                .IngestMentionAsync(new Wire.IngestMentionRequest { Mention = mentions.Create("bench", index) }, deadline: endpoints.Deadline(), cancellationToken: cancellation).ConfigureAwait(false),
            BenchTarget.Delivery => await (deliveries ?? throw new InvalidOperationException("The delivery target needs its bench set up.")).ReplyAndWaitAsync(channel, index, cancellation).ConfigureAwait(false),
            _ => await new Wire.QueueService.QueueServiceClient(channel)
                .ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{mentions.TenantId}", PageSize = 50 }, deadline: endpoints.Deadline(), cancellationToken: cancellation).ConfigureAwait(false),
        };
    }
}
