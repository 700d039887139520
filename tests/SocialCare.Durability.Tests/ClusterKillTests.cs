using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Xunit.Abstractions;

namespace SocialCare.Durability.Tests;

/// <summary>
/// Three silo processes in one cluster on PostgreSQL; a client streams mentions over all three
/// endpoints and one silo is killed with SIGKILL mid-stream. Every acknowledged mention must be
/// stored exactly once, and every conversation must breach its first-response deadline, also
/// those whose silo was dead when the deadline came.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterKillTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Authors = 40;
    private const int StreamedMentions = 600;
    private const int Sleepers = 30;
    private const int Workers = 8;
    private const int KillAfterAcknowledged = 150;
    private const int AttemptsPerMention = 6;
    private static readonly TimeSpan FirstResponseTarget = TimeSpan.FromSeconds(25);

    /// <summary>Failure detection in seconds rather than the production minute, so the test stays short.</summary>
    private static readonly Dictionary<string, string> FastMembership = new()
    {
        ["SocialCare__Membership__ProbeTimeout"] = "00:00:01",
        ["SocialCare__Membership__NumMissedProbesLimit"] = "2",
        ["SocialCare__Membership__NumVotesForDeathDeclaration"] = "2",
        ["SocialCare__Membership__IAmAliveTablePublishTimeout"] = "00:00:05",
        ["SocialCare__Membership__TableRefreshTimeout"] = "00:00:02",
    };

    [Fact]
    public async Task Killing_one_of_three_silos_mid_stream_loses_no_acknowledged_mention_and_no_deadline()
    {
        var connectionString = await postgres.NewDatabaseAsync();
        var cluster = $"kill-{Guid.NewGuid():N}"[..20];
        await using var silo1 = await HostProcess.StartAsync(connectionString, cluster, HostProcess.FreePorts(), FastMembership);
        var others = await Task.WhenAll(
            HostProcess.StartAsync(connectionString, cluster, HostProcess.FreePorts(), FastMembership),
            HostProcess.StartAsync(connectionString, cluster, HostProcess.FreePorts(), FastMembership));
        await using var silo2 = others[0];
        await using var silo3 = others[1];
        HostProcess[] silos = [silo1, silo2, silo3];
        var apis = silos.Select(s => new CareApi(s.Channel)).ToArray();
        var tenant = await apis[0].CreateTenantAsync($"kill{Guid.NewGuid():N}"[..16], FirstResponseTarget);

        // Conversations nobody touches after they open: a third of them live on the silo that
        // dies, and only the deadline sweeper of a surviving silo can bring them back.
        var acknowledged = new ConcurrentDictionary<string, string>();
        for (var i = 0; i < Sleepers; i++)
        {
            var receipt = await apis[i % 3].Ingest.IngestMentionAsync(new Wire.IngestMentionRequest { Mention = CareApi.Mention(tenant, $"sleeper-{i}", $"sleeper-{i}", "Where is my parcel?") });
            acknowledged[$"sleeper-{i}"] = receipt.Conversation;
        }

        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ackCount = 0;
        var next = -1;
        var failedAttempts = 0;
        var stream = Stopwatch.StartNew();
        var killer = Task.Run(async () =>
        {
            while (Volatile.Read(ref ackCount) < KillAfterAcknowledged && stream.Elapsed < TimeSpan.FromMinutes(2))
            {
                await Task.Delay(20);
            }

            await silo3.KillAsync();
            killed.SetResult();
        });

        async Task WorkAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < StreamedMentions)
            {
                var id = $"stream-{i}";
                var mention = CareApi.Mention(tenant, $"author-{i % Authors}", id, $"Still waiting for my refund, message {i}");
                for (var attempt = 0; attempt < AttemptsPerMention; attempt++)
                {
                    // Spread over the endpoints; after a failure, try the next one, as a
                    // connector with a list of endpoints would.
                    var api = apis[(i + attempt) % 3];
                    try
                    {
                        var receipt = await api.Ingest.IngestMentionAsync(new Wire.IngestMentionRequest { Mention = mention }, deadline: DateTime.UtcNow.AddSeconds(20));
                        acknowledged[id] = receipt.Conversation;
                        Interlocked.Increment(ref ackCount);
                        break;
                    }
                    catch (RpcException)
                    {
                        Interlocked.Increment(ref failedAttempts);
                        await Task.Delay(200);
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(WorkAsync)));
        await killer;
        Assert.True(killed.Task.IsCompleted);
        Assert.True(silo3.HasExited);

        // Every conversation: those named in acknowledgements, and any other in the queue (a
        // duplicate could only hide in a conversation nobody was told about).
        var reader = apis[0];
        var queue = await CareApi.RetryAsync(() => reader.ListWholeQueueAsync(tenant));
        var conversations = acknowledged.Values.Concat(queue.Select(q => q.Conversation)).ToHashSet(StringComparer.Ordinal);
        var stored = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var conversation in conversations)
        {
            foreach (var message in await CareApi.RetryAsync(() => reader.ListHistoryAsync(conversation)))
            {
                if (message.Kind == Wire.MessageKind.Customer)
                {
                    stored[message.NetworkMessageId] = stored.GetValueOrDefault(message.NetworkMessageId) + 1;
                }
            }
        }

        // The trail: one entry per stored customer message, written in its transaction, so a
        // message whose acknowledgement the kill swallowed is in the trail exactly when it is stored.
        var trail = await CareApi.RetryAsync(() => reader.ListWholeTrailAsync(tenant));
        var audited = trail
            .Where(e => e.Action is "conversation.opened" or "message.received" or "conversation.reopened_by_customer")
            .Select(e => e.Detail.Split(' ').Single(part => part.StartsWith("network_message_id=", StringComparison.Ordinal))["network_message_id=".Length..])
            .ToList();
        var verified = await CareApi.RetryAsync(async () => await reader.Audit.VerifyAuditTrailAsync(new Wire.VerifyAuditTrailRequest { Parent = $"tenants/{tenant}" }));

        var sent = StreamedMentions + Sleepers;
        var found = acknowledged.Keys.Count(stored.ContainsKey);
        var duplicates = stored.Values.Sum(n => n - 1);
        var lost = acknowledged.Count - found;
        output.WriteLine($"sent={sent} acknowledged={acknowledged.Count} found={found} duplicates={duplicates} lost={lost} audited={audited.Count}");
        output.WriteLine($"trail: {trail.Count} entries, chain {(verified.Intact ? "intact" : $"broken at {verified.BrokenLane}:{verified.BrokenSequence}: {verified.Reason}")}");
        output.WriteLine($"failed attempts retried={failedAttempts}, conversations={conversations.Count}, queue items={queue.Count}");
        Assert.Equal(0, lost);
        Assert.Equal(0, duplicates);
        Assert.Equal(stored.Keys.Order(StringComparer.Ordinal), audited.Order(StringComparer.Ordinal));
        Assert.True(verified.Intact, verified.Reason);
        Assert.Equal("tenant.created", trail[0].Action);
        Assert.Equal(conversations.Count, queue.Count);
        Assert.Equal(conversations.Count, queue.Select(q => q.Conversation).Distinct().Count());

        // Each conversation breaches its first-response deadline exactly once, at open + target.
        var breaches = await reader.WaitForFirstResponseBreachesAsync(conversations, FirstResponseTarget + TimeSpan.FromSeconds(90));
        var latest = TimeSpan.Zero;
        foreach (var (conversation, breach) in breaches)
        {
            Assert.Equal(breach.StartTime.ToDateTimeOffset() + FirstResponseTarget, breach.DueTime.ToDateTimeOffset());
            var late = breach.DetectTime.ToDateTimeOffset() - breach.DueTime.ToDateTimeOffset();
            Assert.True(late >= TimeSpan.Zero, $"{conversation} breached before its deadline");
            latest = late > latest ? late : latest;
        }

        output.WriteLine($"conversations breached={breaches.Count} of {conversations.Count}, latest detection {latest.TotalSeconds:F1}s after the deadline");
    }
}
