using System.Collections.Concurrent;
using System.Globalization;
using SocialCare.LoadTests.Metrics;
using SocialCare.LoadTests.Soak;
using SocialCare.Testing.Networks;
using Xunit.Abstractions;

namespace SocialCare.Durability.Tests;

/// <summary>
/// A silo whose memory nears its limit deactivates its least recently used grains instead of
/// running out, and no call fails for it: a real host process on PostgreSQL with an artificially
/// low limit, fed openings (a new customer each) until shedding shows.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MemoryTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Round = 500;
    private const int MostOpenings = 30_000;

    [Fact]
    public async Task Under_an_artificially_low_memory_limit_the_silo_sheds_conversations_and_fails_no_call()
    {
        var connectionString = await postgres.NewDatabaseAsync();
        var operations = HostProcess.FreePort();
        await using var silo = await HostProcess.StartAsync(connectionString, $"memory-{Guid.NewGuid():N}"[..20], HostProcess.FreePorts(), new Dictionary<string, string>
        {
            ["SocialCare__OperationsEndpoint"] = $"http://127.0.0.1:{operations.ToString(CultureInfo.InvariantCulture)}",
            ["SocialCare__Memory__HeapLimitMegabytes"] = "256",
            ["SocialCare__Memory__ShedAtPercent"] = "40",
            ["SocialCare__Memory__ShedToPercent"] = "30",
            ["SocialCare__Memory__PressureCheckInterval"] = "00:00:00.500",
            // Idle collection far beyond the test's length: a conversation that goes is shed.
            ["SocialCare__Memory__CollectionAge"] = "01:00:00",
            ["SocialCare__Memory__ConversationCollectionAge"] = "01:00:00",
            ["SocialCare__Memory__AuthorCollectionAge"] = "01:00:00",
            ["SocialCare__Memory__CustomerCollectionAge"] = "01:00:00",
        });
        var api = new CareApi(silo.Channel);
        var tenant = await api.CreateTenantAsync($"mem{Guid.NewGuid():N}"[..16], TimeSpan.FromHours(1));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var metrics = new Uri($"http://127.0.0.1:{operations.ToString(CultureInfo.InvariantCulture)}/metrics");

        var opened = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var active = 0L;
        for (var first = 0; first < MostOpenings; first += Round)
        {
            // Every call must be answered: an exception here fails the test.
            await Parallel.ForEachAsync(Enumerable.Range(first, Round), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            {
                var receipt = await api.Ingest.IngestMentionAsync(new Wire.IngestMentionRequest
                {
                    Mention = CareApi.Mention(tenant, $"customer-{i}", $"memory-{i}", $"My parcel {i} never came."),
                });
                opened[$"memory-{i}"] = receipt.Conversation;
            });

            var scraped = PrometheusText.Parse(await http.GetStringAsync(metrics));
            active = (long)scraped.SumBy("orleans_catalog_activations", "grain_type").GetValueOrDefault("conversation");
            output.WriteLine($"opened={opened.Count} conversations_active={active} heap={scraped.Sum("dotnet_gc_last_collection_heap_size_bytes") / 1048576:0}MB");
            if (active < opened.Count * 0.8)
            {
                break;
            }
        }

        Assert.True(active < opened.Count * 0.8, $"after {opened.Count} openings {active} conversations were still active: nothing was shed");
        Assert.False(silo.HasExited, "the silo died under memory pressure");

        // Shed conversations come back from storage whole when asked for.
        foreach (var (messageId, conversation) in opened.OrderBy(p => p.Key, StringComparer.Ordinal).Take(200))
        {
            var history = await api.ListHistoryAsync(conversation);
            Assert.Equal(messageId, Assert.Single(history, m => m.Kind == Wire.MessageKind.Customer).NetworkMessageId);
        }
    }

    /// <summary>
    /// A silo running out of memory, at the settings a brand runs with: openings from many callers
    /// at once, faster than shedding frees a 256 MB heap. Every call is answered OK or refused
    /// with a retry-after (RESOURCE_EXHAUSTED) or UNAVAILABLE, never INTERNAL or UNKNOWN; every
    /// acknowledged mention is stored; readiness, lost while refusing, comes back after the load.
    /// </summary>
    [Fact]
    public async Task Openings_faster_than_shedding_are_refused_with_a_retry_after_never_failed_and_readiness_comes_back()
    {
        const int MostCalls = 40_000;
        var connectionString = await postgres.NewDatabaseAsync();
        var operations = HostProcess.FreePort();
        await using var silo = await HostProcess.StartAsync(connectionString, $"memory-{Guid.NewGuid():N}"[..20], HostProcess.FreePorts(), new Dictionary<string, string>
        {
            ["SocialCare__OperationsEndpoint"] = $"http://127.0.0.1:{operations.ToString(CultureInfo.InvariantCulture)}",
            ["SocialCare__Memory__HeapLimitMegabytes"] = "256",
            // One caller floods on purpose: the refusals under test are memory's, not the rate limits'.
            ["SocialCare__RateLimits__Enabled"] = "false",
            // Idle collection far beyond the test's length: only pressure frees memory.
            ["SocialCare__Memory__ConversationCollectionAge"] = "01:00:00",
            ["SocialCare__Memory__AuthorCollectionAge"] = "01:00:00",
            ["SocialCare__Memory__CustomerCollectionAge"] = "01:00:00",
        });
        var api = new CareApi(silo.Channel);
        var tenant = await api.CreateTenantAsync($"oom{Guid.NewGuid():N}"[..16], TimeSpan.FromHours(1));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var ready = new Uri($"http://127.0.0.1:{operations.ToString(CultureInfo.InvariantCulture)}/healthz/ready");

        var acknowledged = new ConcurrentBag<string>();
        var refused = new ConcurrentDictionary<Grpc.Core.StatusCode, int>();
        var unexpected = new ConcurrentBag<string>();
        var reasons = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, MostCalls), new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = budget.Token }, async (i, _) =>
            {
                var id = $"flood-{i}";
                try
                {
                    await api.Ingest.IngestMentionAsync(new Wire.IngestMentionRequest { Mention = CareApi.Mention(tenant, $"customer-{i}", id, $"My parcel {i} never came, order {i * 7919}.") });
                    acknowledged.Add(id);
                }
                catch (Grpc.Core.RpcException failed) when (failed.StatusCode is Grpc.Core.StatusCode.ResourceExhausted or Grpc.Core.StatusCode.Unavailable)
                {
                    refused.AddOrUpdate(failed.StatusCode, 1, (_, n) => n + 1);
                    reasons.AddOrUpdate($"{failed.StatusCode}: {failed.Status.Detail}", 1, (_, n) => n + 1);
                    if (failed.StatusCode == Grpc.Core.StatusCode.ResourceExhausted && failed.Trailers.GetValue("grpc-retry-pushback-ms") is null)
                    {
                        unexpected.Add($"RESOURCE_EXHAUSTED without a retry-after: {failed.Status.Detail}");
                    }
                }
                catch (Grpc.Core.RpcException failed)
                {
                    unexpected.Add($"{failed.StatusCode}: {failed.Status.Detail}");
                }
            });
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            // The time bound ended the flood; what was answered is checked below.
        }

        output.WriteLine($"acknowledged={acknowledged.Count} refused={string.Join(", ", refused.Select(p => $"{p.Key}={p.Value}"))} unexpected={unexpected.Count}");
        foreach (var (reason, count) in reasons)
        {
            output.WriteLine($"  {count} x {reason}");
        }
        Assert.Empty(unexpected);
        Assert.False(silo.HasExited, "the silo died under memory pressure");
        Assert.NotEmpty(acknowledged);

        // Everything acknowledged is stored (read from the journal's network keys, V012).
        await using (var database = Npgsql.NpgsqlDataSource.Create(connectionString))
        await using (var read = database.CreateCommand("SELECT network_message_id FROM socialcare_network_messages WHERE tenant_id = $1"))
        {
            read.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = tenant });
            var stored = new HashSet<string>(StringComparer.Ordinal);
            await using var rows = await read.ExecuteReaderAsync();
            while (await rows.ReadAsync())
            {
                stored.Add(rows.GetString(0));
            }

            Assert.All(acknowledged, id => Assert.Contains(id, stored));
        }

        // With the load gone, shedding brings the heap back under the mark and the silo is ready again.
        await Eventually.Get(
            async () => (await http.GetAsync(ready)).StatusCode,
            status => status == System.Net.HttpStatusCode.OK,
            "the silo is ready again after the flood",
            TimeSpan.FromSeconds(90),
            TimeSpan.FromMilliseconds(500));
    }
}
