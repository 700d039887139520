using SocialCare.Domain.Conversations;
using SocialCare.Domain.Queues;
using SocialCare.Domain.Triage;
using SocialCare.Grains.Journal;

namespace SocialCare.Storage.Postgres.Tests;

/// <summary>
/// Beyond a queue shard's head, listings and counts come from the journal, so the journal must
/// put open conversations in exactly the order the silo does (<see cref="QueuePosition"/>) and
/// filter and count them as the shard would. Checked on PostgreSQL and on the in-memory journal
/// against the order the domain defines.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class QueueWorkOrderTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Journals => OpenJournal.Kinds;

    [Theory]
    [MemberData(nameof(Journals))]
    public async Task A_shard_read_page_by_page_from_the_journal_comes_in_work_order_filtered_and_whole(string kind)
    {
        await using var journal = await OpenJournal.OpenAsync(postgres, kind);
        var items = Items(seed: 7, count: 90);
        await Task.WhenAll(items.Select(i => journal.Journal.RecordAsync(Write(i, "first-line"))));
        // Another team's and another shard's conversations never show up in this shard.
        await journal.Journal.RecordAsync(Write(items[0] with { ConversationId = "elsewhere-1" }, "billing"));
        await journal.Journal.RecordAsync(Write(items[1] with { ConversationId = "elsewhere-2" }, "first-line", shard: 1));

        foreach (var filter in new[] { QueueFilter.All, new QueueFilter(true, false), new QueueFilter(false, true), new QueueFilter(true, true) })
        {
            var expected = items.Where(filter.Matches).OrderBy(i => i.Position).Select(i => i.ConversationId).ToList();
            var read = new List<string>();
            QueuePosition? after = null;
            while (true)
            {
                var page = await journal.Journal.ReadQueueShardAsync("brand", "first-line", 0, after, 7, filter);
                read.AddRange(page.Select(i => i.ConversationId));
                if (page.Count < 7)
                {
                    break;
                }

                after = page[^1].Position;
            }

            Assert.Equal(expected, read);
        }
    }

    [Theory]
    [MemberData(nameof(Journals))]
    public async Task A_shard_counted_by_the_journal_agrees_with_its_items(string kind)
    {
        await using var journal = await OpenJournal.OpenAsync(postgres, kind);
        var items = Items(seed: 11, count: 70);
        await Task.WhenAll(items.Select(i => journal.Journal.RecordAsync(Write(i, "first-line"))));
        var horizon = Start.AddMinutes(30);

        var counted = await journal.Journal.CountQueueShardAsync("brand", "first-line", 0, horizon);

        Assert.Equal(items.Count, counted.Items);
        Assert.Equal(items.Count(i => i.Status == ConversationStatus.Open), counted.Backlog);
        Assert.Equal(items.Count(i => QueueShardCount.IsAtRisk(i, horizon)), counted.AtRisk);
        // The seeded items cover each case, so the three figures are not trivially equal.
        Assert.InRange(counted.AtRisk, 1, counted.Backlog - 1);
        Assert.InRange(counted.Backlog, 1, counted.Items - 1);
    }

    /// <summary>
    /// Items that tie on priority and deadline, tie to the microsecond, differ by one tick, have
    /// no deadline (last), and are assigned or wait for approval, so every step of the order and
    /// both filters are exercised.
    /// </summary>
    private static List<QueueItem> Items(int seed, int count)
    {
        var random = new Random(seed);
        var items = new List<QueueItem>();
        for (var i = 0; i < count; i++)
        {
            var priority = (Priority)random.Next(1, 5);
            DateTimeOffset? due = random.Next(5) switch
            {
                0 => null,
                1 => Start.AddMinutes(20),
                _ => Start.AddMinutes(random.Next(0, 120)).AddTicks(random.Next(0, 3)),
            };
            var opened = Start.AddMinutes(-random.Next(0, 3)).AddTicks(random.Next(0, 3));
            items.Add(new QueueItem(
                $"c{random.Next(0, 1_000_000):D6}-{i}",
                "first-line",
                Channel.X,
                random.Next(4) == 0 ? ConversationStatus.Assigned : ConversationStatus.Open,
                priority,
                Category.Complaint,
                random.Next(3) == 0 ? "agent-1" : null,
                "@customer",
                "where is my order?",
                opened,
                due,
                due is not null && random.Next(6) == 0,
                opened,
                1)
            {
                AwaitingApproval = random.Next(4) == 0,
            });
        }

        return items;
    }

    private static JournalWrite Write(QueueItem item, string team, int shard = 0) =>
        new($"brand/{item.ConversationId}", [], new QueueEntry("brand", team, shard, item with { TeamId = team }, null), null);
}
