using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;

namespace SocialCare.Durability.Tests;

/// <summary>The API clients of one host, and the reads the durability checks repeat.</summary>
internal sealed class CareApi(GrpcChannel channel)
{
    public Wire.IngestService.IngestServiceClient Ingest { get; } = new(channel);

    public Wire.ConversationService.ConversationServiceClient Conversations { get; } = new(channel);

    public Wire.QueueService.QueueServiceClient Queues { get; } = new(channel);

    public Wire.AdminService.AdminServiceClient Admin { get; } = new(channel);

    public Wire.AuditService.AuditServiceClient Audit { get; } = new(channel);

    public Wire.DeliveryService.DeliveryServiceClient Deliveries { get; } = new(channel);

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
    public Task<IReadOnlyList<Wire.QueueItem>> ListWholeQueueAsync(string tenantId) =>
        ReadAllPagesAsync(async token =>
        {
            var page = await Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenantId}", PageSize = 500, PageToken = token });
            return ((IEnumerable<Wire.QueueItem>)page.Items, page.NextPageToken);
        });

    /// <summary>A conversation's whole history, every page, oldest first.</summary>
    public Task<IReadOnlyList<Wire.ConversationMessage>> ListHistoryAsync(string conversation) =>
        ReadAllPagesAsync(async token =>
        {
            var page = await Conversations.ListConversationMessagesAsync(new Wire.ListConversationMessagesRequest { Parent = conversation, PageSize = 500, PageToken = token });
            return ((IEnumerable<Wire.ConversationMessage>)page.Messages, page.NextPageToken);
        });

    /// <summary>A tenant's whole audit trail, every page, oldest first.</summary>
    public Task<IReadOnlyList<Wire.AuditEntry>> ListWholeTrailAsync(string tenantId) =>
        ReadAllPagesAsync(async token =>
        {
            var page = await Audit.ListAuditEntriesAsync(new Wire.ListAuditEntriesRequest { Parent = $"tenants/{tenantId}", PageSize = 500, PageToken = token });
            return ((IEnumerable<Wire.AuditEntry>)page.Entries, page.NextPageToken);
        });

    /// <summary>
    /// Polls until every conversation shows its first-response breach (bounded), failing if one
    /// records it more than once.
    /// </summary>
    public async Task<Dictionary<string, Wire.SlaBreach>> WaitForFirstResponseBreachesAsync(IReadOnlyCollection<string> conversations, TimeSpan timeout)
    {
        var breaches = new Dictionary<string, Wire.SlaBreach>(StringComparer.Ordinal);
        var waited = Stopwatch.StartNew();
        while (breaches.Count < conversations.Count)
        {
            Assert.True(waited.Elapsed < timeout, $"{conversations.Count - breaches.Count} conversations had not breached within {timeout}.");
            foreach (var conversation in conversations.Where(c => !breaches.ContainsKey(c)))
            {
                var read = await RetryAsync(async () => (await Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = conversation })).Conversation);
                var firstResponse = read.SlaBreaches.Where(b => b.Kind == Wire.SlaClockKind.FirstResponse).ToList();
                Assert.True(firstResponse.Count <= 1, $"{conversation} recorded its first-response breach {firstResponse.Count} times");
                if (firstResponse.Count == 1)
                {
                    breaches[conversation] = firstResponse[0];
                }
            }

            await Task.Delay(250);
        }

        return breaches;
    }

    /// <summary>Reads right after a silo's death may meet a grain whose silo is not declared dead yet.</summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> read)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await read();
            }
            catch (RpcException) when (attempt < 10)
            {
                await Task.Delay(1000);
            }
        }
    }

    /// <summary>Follows next_page_token to the end, bounded so a paging bug fails instead of looping.</summary>
    private static async Task<IReadOnlyList<T>> ReadAllPagesAsync<T>(Func<string, Task<(IEnumerable<T> Items, string Next)>> readPage)
    {
        const int MaxPages = 1000;
        var all = new List<T>();
        var token = "";
        for (var page = 0; page < MaxPages; page++)
        {
            var (items, next) = await readPage(token);
            all.AddRange(items);
            if (next.Length == 0)
            {
                return all;
            }

            token = next;
        }

        throw new InvalidOperationException($"Paging did not end within {MaxPages} pages.");
    }
}
