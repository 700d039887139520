using System.Collections.Concurrent;
using System.Globalization;
using SocialCare.LoadTests.Soak;
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
}
