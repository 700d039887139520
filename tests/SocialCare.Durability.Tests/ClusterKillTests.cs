using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using SocialCare.Connectors.Delivery;
using SocialCare.Testing.Networks;
using Xunit.Abstractions;

namespace SocialCare.Durability.Tests;

/// <summary>
/// Three silo processes in one cluster on PostgreSQL; a client streams mentions over all three
/// endpoints, agents post replies, two connectors send them to a stub network, and one silo is
/// killed with SIGKILL mid-stream (with one connector behind it). Every acknowledged mention must
/// be stored exactly once, every conversation must breach its first-response deadline (also those
/// whose silo was dead when the deadline came), and every acknowledged reply must reach the
/// network at least once and be marked sent exactly once.
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
    private const int Answered = 40;
    private const int Replies = 120;

    /// <summary>Short leases and retries, so deliveries held by the killed silo's connector come back within seconds.</summary>
    private static readonly Dictionary<string, string> FastDelivery = new()
    {
        ["SocialCare__Grains__DeliveryLease"] = "00:00:05",
        ["SocialCare__Grains__DeliveryRetryFirstDelay"] = "00:00:00.500",
        ["SocialCare__Grains__DeliveryRetryMaxDelay"] = "00:00:05",
    };

    [Fact]
    public async Task Killing_one_of_three_silos_mid_stream_loses_no_acknowledged_mention_and_no_deadline()
    {
        var connectionString = await postgres.NewDatabaseAsync();
        var cluster = $"kill-{Guid.NewGuid():N}"[..20];
        var settings = HostProcess.FastMembership.Concat(FastDelivery).ToDictionary();
        await using var silo1 = await HostProcess.StartAsync(connectionString, cluster, HostProcess.FreePorts(), settings);
        var others = await Task.WhenAll(
            HostProcess.StartAsync(connectionString, cluster, HostProcess.FreePorts(), settings),
            HostProcess.StartAsync(connectionString, cluster, HostProcess.FreePorts(), settings));
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

        // The replies' own tenant: answering stops first-response clocks, which the breach check
        // below needs running. One connector streams through the silo that dies, one through another.
        var replyTenant = await apis[0].CreateTenantAsync($"rep{Guid.NewGuid():N}"[..16], TimeSpan.FromHours(1));
        var answerable = new List<string>();
        for (var i = 0; i < Answered; i++)
        {
            answerable.Add((await apis[i % 3].Ingest.IngestMentionAsync(new Wire.IngestMentionRequest { Mention = CareApi.Mention(replyTenant, $"asker-{i}", $"ask-{i}", "Can someone answer me?") })).Conversation);
        }

        await using var network = await StubNetwork.StartAsync();
        using var http = new HttpClient();
        using var stopConnectors = new CancellationTokenSource();
        var connectorOnDyingSilo = Connector(apis[2], replyTenant, "connector-on-silo3", network, http);
        var connectorOnLivingSilo = Connector(apis[1], replyTenant, "connector-on-silo2", network, http);
        var connectors = new[] { connectorOnDyingSilo, connectorOnLivingSilo }.Select(c => c.RunAsync(stopConnectors.Token)).ToList();
        var repliesAcknowledged = new ConcurrentDictionary<string, (string Conversation, string Text)>();
        var nextReply = -1;

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

        async Task ReplyAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref nextReply)) < Replies)
            {
                var conversation = answerable[i % Answered];
                var text = $"Reply {i}: we are on it.";
                for (var attempt = 0; attempt < AttemptsPerMention; attempt++)
                {
                    try
                    {
                        // The same request id on every try: a reply whose acknowledgement the kill swallowed is stored once.
                        var posted = await apis[(i + attempt) % 3].Conversations.PostReplyAsync(
                            new Wire.PostReplyRequest { Name = conversation, AgentId = "jd", Text = text, RequestId = $"reply-{i}" },
                            deadline: DateTime.UtcNow.AddSeconds(20));
                        // As published: the text with the agent's signature, if any.
                        repliesAcknowledged[posted.Reply.Text] = (conversation, posted.Reply.Text);
                        break;
                    }
                    catch (RpcException)
                    {
                        Interlocked.Increment(ref failedAttempts);
                        await Task.Delay(200);
                    }
                }

                await Task.Delay(10);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(WorkAsync)).Append(Task.Run(ReplyAsync)));
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

        // Replies: every acknowledged one reaches the network and is marked sent, once.
        var sentReplies = await WaitForSentRepliesAsync(reader, answerable, repliesAcknowledged.Count, TimeSpan.FromSeconds(90));
        await stopConnectors.CancelAsync();
        await Task.WhenAll(connectors);
        var published = network.Published.GroupBy(p => p.Text ?? "").ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var delivered = repliesAcknowledged.Keys.Count(published.ContainsKey);
        var duplicatesAtNetwork = published.Values.Sum(p => p.Count - 1);
        var replyTrail = await CareApi.RetryAsync(() => reader.ListWholeTrailAsync(replyTenant));
        var markedSent = replyTrail.Where(e => e.Action == "reply.delivered").GroupBy(e => e.Detail.Split(' ').Single(p => p.StartsWith("delivery=", StringComparison.Ordinal))).ToList();
        output.WriteLine($"replies={repliesAcknowledged.Count} delivered={delivered} duplicates_at_network={duplicatesAtNetwork} lost={repliesAcknowledged.Count - delivered}");
        output.WriteLine($"replies marked sent={sentReplies.Count} (trail: {markedSent.Count} deliveries, most entries for one {markedSent.Max(g => g.Count())}), malformed at network={network.Malformed.Count}, "
            + $"sent by connector on silo3={connectorOnDyingSilo.Sent}, on silo2={connectorOnLivingSilo.Sent}");
        Assert.Equal(repliesAcknowledged.Count, delivered);
        Assert.Empty(network.Malformed);
        Assert.All(repliesAcknowledged.Keys, text => Assert.Contains(sentReplies[text], published[text].Select(p => p.Answer)));
        Assert.Equal(sentReplies.Count, markedSent.Count);
        Assert.All(markedSent, g => Assert.Single(g));

        // The survivors told their operator about the dead silo in a few counted lines, not with
        // a stack trace for every call that could not reach it.
        foreach (var survivor in new[] { silo1, silo2 })
        {
            var lines = survivor.Log.Split('\n');
            var told = lines.Count(l => l.Contains("calls so far answered Unavailable because a silo could not be reached", StringComparison.Ordinal));
            var tracedPerCall = lines.Zip(lines.Skip(1)).Count(pair => pair.First.Contains("failed unexpectedly; answered Unavailable", StringComparison.Ordinal)
                && (pair.Second.Contains("OrleansMessageRejectionException", StringComparison.Ordinal) || pair.Second.Contains("SiloUnavailableException", StringComparison.Ordinal)));
            output.WriteLine($"survivor log: {lines.Length} lines, {told} about unreachable silos, {tracedPerCall} stack traces of calls that could not reach one");
            Assert.Equal(0, tracedPerCall);
            Assert.InRange(told, 0, 6);
            Assert.DoesNotContain("Polly", survivor.Log, StringComparison.Ordinal);
        }
    }

    private DeliveryWorker Connector(CareApi api, string tenant, string name, StubNetwork network, HttpClient http)
    {
        var settings = new ConnectorSettings
        {
            Sender = name,
            MaxInFlight = 10,
            Networks = new NetworkEndpoints { X = network.X, Graph = network.Graph, Timeout = TimeSpan.FromSeconds(5) },
            Accounts = [new ConnectorAccount { Channel = Domain.Conversations.Channel.X, AccountId = "brand", AccessToken = "x-token" }],
        }.Validated(_ => null);
        return new DeliveryWorker(api.Deliveries, tenant, settings, [new XSender(http, settings.Networks, TimeProvider.System)], TimeProvider.System, line =>
        {
            if (line.Contains("lost", StringComparison.Ordinal) || line.Contains("abandoned", StringComparison.Ordinal))
            {
                output.WriteLine($"{name}: {line}");
            }
        });
    }

    /// <summary>Reply texts and the network ids they were marked sent with, once every acknowledged reply is sent (bounded).</summary>
    private static async Task<Dictionary<string, string>> WaitForSentRepliesAsync(CareApi reader, IReadOnlyList<string> conversations, int expected, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var sent = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var conversation in conversations)
            {
                foreach (var message in await CareApi.RetryAsync(() => reader.ListHistoryAsync(conversation)))
                {
                    if (message.Kind == Wire.MessageKind.AgentReply && message.Delivery?.State == Wire.DeliveryState.Sent)
                    {
                        sent[message.Text] = message.Delivery.NetworkMessageId;
                    }
                }
            }

            if (sent.Count >= expected || DateTime.UtcNow > until)
            {
                return sent;
            }

            await Task.Delay(500);
        }
    }
}
