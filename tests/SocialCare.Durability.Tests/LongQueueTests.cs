using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Npgsql;
using SocialCare.Domain.Queues;
using SocialCare.Domain.Triage;
using SocialCare.LoadTests.Metrics;
using SocialCare.LoadTests.Soak;
using Xunit.Abstractions;

namespace SocialCare.Durability.Tests;

/// <summary>
/// A team with a million open conversations: its queue shards hold only their heads, so a silo
/// whose GC may use 256 MB (a million held items would need about a gigabyte) lists the queue's
/// first page, pages from deep inside it, and counts its backlog and conversations at risk.
/// The million rows go straight into the journal's open-conversations table before the team's
/// shards activate (opening them over the API would take minutes), as a silo finds the table
/// when it takes over the shards of a long queue.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LongQueueTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Open = 1_000_000;

    /// <summary>Rows before this one are due within the warning window: the conversations at risk.</summary>
    private const int AtRisk = 300;

    private const int PageSize = 50;

    /// <summary>The first-line team every new tenant starts with.</summary>
    private const string Team = "first-line";

    [Fact]
    public async Task A_team_with_a_million_open_conversations_is_listed_and_counted_by_a_silo_with_a_256_MB_heap()
    {
        var connectionString = await postgres.NewDatabaseAsync();
        var operations = HostProcess.FreePort();
        await using var silo = await HostProcess.StartAsync(connectionString, $"long-{Guid.NewGuid():N}"[..20], HostProcess.FreePorts(), new Dictionary<string, string>
        {
            ["SocialCare__OperationsEndpoint"] = $"http://127.0.0.1:{operations.ToString(CultureInfo.InvariantCulture)}",
            ["SocialCare__Memory__HeapLimitMegabytes"] = "256",
            ["SocialCare__Grains__SlaWarningRefresh"] = "00:00:00.500",
        });
        var api = new CareApi(silo.Channel);
        var tenant = await api.CreateTenantAsync($"long{Guid.NewGuid():N}"[..16], TimeSpan.FromHours(1));
        var now = DateTimeOffset.UtcNow;
        await BulkOpenAsync(connectionString, tenant, Team, now);
        output.WriteLine($"{Open:N0} open conversations stored for team {Team}");
        var parent = $"tenants/{tenant}/teams/{Team}";

        // The first page: the urgent ones, then the earliest deadlines.
        var first = await api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = parent, PageSize = PageSize });
        Assert.Equal(Expected(after: null), first.Items.Select(i => Id(i.Conversation)));

        // Deep inside the queue, far beyond every shard's head, and the page after it.
        var deep = Position(900_000, now);
        var page = await api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = parent, PageSize = PageSize, PageToken = deep.ToToken() });
        Assert.Equal(Expected(after: 900_000), page.Items.Select(i => Id(i.Conversation)));
        var next = await api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = parent, PageSize = PageSize, PageToken = page.NextPageToken });
        Assert.Equal(Expected(after: Row(page.Items[^1].Conversation)), next.Items.Select(i => Id(i.Conversation)));

        // Counted from the journal: the whole backlog and the conversations at risk.
        var estimate = await api.Queues.GetWaitEstimateAsync(new Wire.GetWaitEstimateRequest { Parent = parent });
        Assert.Equal(Open, estimate.Backlog);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var metrics = new Uri($"http://127.0.0.1:{operations.ToString(CultureInfo.InvariantCulture)}/metrics");
        PrometheusText scraped;
        var deadline = DateTimeOffset.UtcNow.AddMinutes(1);
        do
        {
            scraped = PrometheusText.Parse(await http.GetStringAsync(metrics));
        }
        while ((Gauge(scraped, "socialcare_queue_depth", tenant) != Open || Gauge(scraped, "socialcare_sla_at_risk", tenant) != AtRisk)
            && DateTimeOffset.UtcNow < deadline && await Delay());

        Assert.Equal(Open, Gauge(scraped, "socialcare_queue_depth", tenant));
        Assert.Equal(AtRisk, Gauge(scraped, "socialcare_sla_at_risk", tenant));
        output.WriteLine($"heap after listing: {scraped.Sum("dotnet_gc_last_collection_heap_size_bytes") / 1048576:0} MB");
        Assert.False(silo.HasExited, "the silo died holding the long queue");
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(200);
        return true;
    }

    private static double Gauge(PrometheusText scraped, string name, string tenant) =>
        scraped.SumBy(name, "tenant").GetValueOrDefault(tenant);

    /// <summary>
    /// Row i: priority Urgent every 100,000th row (offset 7) and Normal otherwise; next deadline
    /// strictly increasing with i (the first <see cref="AtRisk"/> within five minutes, the rest
    /// after two hours); opened i milliseconds before now. So the queue's order is the urgent
    /// rows, then the others by i.
    /// </summary>
    private static async Task BulkOpenAsync(string connectionString, string tenant, string team, DateTimeOffset now)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var command = source.CreateCommand("""
            INSERT INTO socialcare_open_conversations (conversation_key, tenant_id, team_id, shard, wake_at, item,
                rank_priority, rank_due, rank_opened, rank_id)
            SELECT $1 || '/' || id, $1, $2, i % 4, NULL,
                   jsonb_build_object('conversationId', id, 'teamId', $2, 'channel', 'X', 'status', 'Open',
                       'priority', CASE WHEN urgent THEN 'Urgent' ELSE 'Normal' END, 'category', 'Complaint',
                       'authorHandle', '@customer' || i, 'preview', 'My parcel never came', 'openedAt', opened,
                       'nextDueAt', due, 'slaBreached', false, 'updatedAt', opened, 'messageCount', 1,
                       'replyUndelivered', false, 'awaitingApproval', false, 'approvalEscalated', false),
                   CASE WHEN urgent THEN 1 ELSE 3 END, $4 + (extract(epoch FROM due - $3) * 1000000)::bigint * 10,
                   $5 + (extract(epoch FROM opened - $3) * 1000000)::bigint * 10, id
            FROM (SELECT i, 'bulk-' || lpad(i::text, 7, '0') AS id, i % 100000 = 7 AS urgent,
                         $3 - i * interval '1 millisecond' AS opened,
                         $3 + CASE WHEN i < $6 THEN interval '5 minutes' ELSE interval '2 hours' END + i * interval '1 second' AS due
                  FROM generate_series(0, $7 - 1) AS i) AS rows
            """);
        command.CommandTimeout = 300;
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = team });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.UtcDateTime });
        // The rank columns hold .NET ticks: now's ticks plus the offset in microseconds, so they
        // agree exactly with the times in the item (which PostgreSQL keeps to the microsecond).
        var nowTicks = Truncate(now).UtcTicks;
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = nowTicks });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = nowTicks });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = AtRisk });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Open });
        Assert.Equal(Open, await command.ExecuteNonQueryAsync());
        await using var analyze = source.CreateCommand("ANALYZE socialcare_open_conversations");
        await analyze.ExecuteNonQueryAsync();
    }

    private static DateTimeOffset Truncate(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % 10), TimeSpan.Zero);

    private static bool Urgent(int row) => row % 100_000 == 7;

    private static string Id(int row) => $"bulk-{row.ToString("D7", CultureInfo.InvariantCulture)}";

    private static string Id(string conversationName) => conversationName[(conversationName.LastIndexOf('/') + 1)..];

    private static int Row(string conversationName) => int.Parse(Id(conversationName)["bulk-".Length..], CultureInfo.InvariantCulture);

    private static QueuePosition Position(int row, DateTimeOffset now)
    {
        var start = Truncate(now);
        return new QueuePosition(
            Urgent(row) ? Priority.Urgent : Priority.Normal,
            start + (row < AtRisk ? TimeSpan.FromMinutes(5) : TimeSpan.FromHours(2)) + TimeSpan.FromSeconds(row),
            start - TimeSpan.FromMilliseconds(row),
            Id(row));
    }

    /// <summary>The page after row <paramref name="after"/> (a Normal row), or the first page.</summary>
    private static IEnumerable<string> Expected(int? after)
    {
        IEnumerable<int> rows = after is { } last
            ? Enumerable.Range(last + 1, Open - last - 1).Where(r => !Urgent(r))
            : Enumerable.Range(0, Open).Where(Urgent).Concat(Enumerable.Range(0, Open).Where(r => !Urgent(r)));
        return rows.Take(PageSize).Select(Id);
    }
}
