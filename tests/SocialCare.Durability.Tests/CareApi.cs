using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;

namespace SocialCare.Durability.Tests;

/// <summary>The API clients of one host, and the reads the durability checks repeat.</summary>
internal sealed class CareApi(GrpcChannel channel)
{
    public Wire.IngestService.IngestServiceClient Ingest { get; } = new(channel);

    public Wire.ConversationService.ConversationServiceClient Conversations { get; } = new(channel);

    public Wire.QueueService.QueueServiceClient Queues { get; } = new(channel);

    public Wire.AdminService.AdminServiceClient Admin { get; } = new(channel);

    public static Wire.Mention Mention(string tenant, string author, string messageId, string text) => new()
    {
        TenantId = tenant,
        Channel = Wire.Channel.X,
        NetworkMessageId = messageId,
        Author = new Wire.Author { NetworkUserId = author, Handle = $"@{author}" },
        Text = text,
    };

    /// <summary>A tenant whose every priority has the same first-response target, so deadlines are easy to predict.</summary>
    public async Task<string> CreateTenantAsync(string tenantId, TimeSpan firstResponse)
    {
        var policy = new Wire.SlaPolicy();
        foreach (var priority in new[] { Wire.Priority.Urgent, Wire.Priority.High, Wire.Priority.Normal, Wire.Priority.Low })
        {
            policy.Targets.Add(new Wire.SlaTarget
            {
                Priority = priority,
                FirstResponse = Duration.FromTimeSpan(firstResponse),
                NextResponse = Duration.FromTimeSpan(TimeSpan.FromHours(1)),
                Resolution = Duration.FromTimeSpan(TimeSpan.FromHours(8)),
            });
        }

        var created = await Admin.CreateTenantAsync(new Wire.CreateTenantRequest
        {
            Tenant = new Wire.Tenant { TenantId = tenantId, DisplayName = "Durability test brand", SlaPolicy = policy },
        });
        return created.Tenant.TenantId;
    }

    /// <summary>The whole queue of a tenant, every page, in work order.</summary>
    public async Task<IReadOnlyList<Wire.QueueItem>> ListWholeQueueAsync(string tenantId)
    {
        var items = new List<Wire.QueueItem>();
        var request = new Wire.ListQueueRequest { Parent = $"tenants/{tenantId}", PageSize = 500 };
        for (var page = 0; page < 100; page++)
        {
            var response = await Queues.ListQueueAsync(request);
            items.AddRange(response.Items);
            if (response.NextPageToken.Length == 0)
            {
                return items;
            }

            request.PageToken = response.NextPageToken;
        }

        throw new InvalidOperationException("The queue did not end within 100 pages.");
    }

    /// <summary>A conversation's whole history, every page, oldest first.</summary>
    public async Task<IReadOnlyList<Wire.ConversationMessage>> ListHistoryAsync(string conversation)
    {
        var messages = new List<Wire.ConversationMessage>();
        var request = new Wire.ListConversationMessagesRequest { Parent = conversation, PageSize = 500 };
        for (var page = 0; page < 1000; page++)
        {
            var response = await Conversations.ListConversationMessagesAsync(request);
            messages.AddRange(response.Messages);
            if (response.NextPageToken.Length == 0)
            {
                return messages;
            }

            request.PageToken = response.NextPageToken;
        }

        throw new InvalidOperationException("The history did not end within 1000 pages.");
    }
}
