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
}

/// <summary>Makes one call of a target against the deployment.</summary>
internal sealed class BenchCalls(CareEndpoints endpoints, MentionFactory mentions)
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
            _ => await new Wire.QueueService.QueueServiceClient(channel)
                .ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{mentions.TenantId}", PageSize = 50 }, deadline: endpoints.Deadline(), cancellationToken: cancellation).ConfigureAwait(false),
        };
    }
}
