using Npgsql;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Deliveries;
using SocialCare.Grains.Abstractions.Deliveries;
using SocialCare.Grains.Journal;
using SocialCare.Storage.Postgres.Journal;
using SocialCare.Storage.Postgres.Migrations;

namespace SocialCare.Storage.Postgres.Tests;

/// <summary>The outbox on PostgreSQL: rows written with their replies, leased once, settled by their conversation.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DeliveryOutboxTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static Delivery Pending(string tenant, string conversation, int sequence, Channel channel = Channel.X, string account = "brand") =>
        new(tenant, DeliveryIds.Of(conversation, sequence), conversation, sequence, channel, account, Visibility.Public,
            "1700", "u1", $"Reply {sequence} ✈️ çà", DeliveryState.Pending, 0, T0.AddSeconds(sequence), T0);

    private static DeliveryLease Lease(string tenant, string owner, DateTimeOffset now, int take = 100, IReadOnlyList<Channel>? channels = null, IReadOnlyList<string>? accounts = null) =>
        new(tenant, new DeliveryRequest(owner, channels ?? [], accounts ?? [], take), now, now.AddSeconds(30));

    private async Task<(PostgresConversationJournal Journal, IAsyncDisposable Owner)> JournalAsync()
    {
        var source = NpgsqlDataSource.Create(await postgres.NewDatabaseAsync());
        await new SchemaMigrator(source).MigrateAsync();
        var groups = new JournalGroupCommit(source);
        var reads = new JournalReadGroup(source);
        return (new PostgresConversationJournal(source, groups, reads), new Owned(source, groups, reads));
    }

    [Fact]
    public async Task Rows_are_written_with_their_reply_and_leased_in_due_order_to_one_sender_at_a_time()
    {
        var (journal, owner) = await JournalAsync();
        await using var _ = owner;
        await journal.RecordAsync(new JournalWrite("acme/c1", [], null, Deliveries: [Pending("acme", "c1", 3), Pending("acme", "c1", 2)]));
        await journal.RecordAsync(new JournalWrite("acme/c2", [], null, Deliveries: [Pending("acme", "c2", 2, Channel.Facebook, "page-9")]));
        await journal.RecordAsync(new JournalWrite("other/c1", [], null, Deliveries: [Pending("other", "c1", 2)]));

        Assert.Empty(await journal.LeaseDeliveriesAsync(Lease("acme", "s1", T0)));
        var leased = await journal.LeaseDeliveriesAsync(Lease("acme", "s1", T0.AddMinutes(1), channels: [Channel.X]));
        Assert.Equal(["c1.2", "c1.3"], leased.Select(d => d.DeliveryId));
        Assert.All(leased, d => Assert.Equal((DeliveryState.Sending, "s1", 1, T0.AddMinutes(1).AddSeconds(30)), (d.State, d.LeaseOwner, d.Leases, d.DueAt)));
        Assert.Equal("Reply 2 ✈️ çà", leased[0].Text);

        Assert.Empty(await journal.LeaseDeliveriesAsync(Lease("acme", "s2", T0.AddMinutes(1), channels: [Channel.X])));
        var page = Assert.Single(await journal.LeaseDeliveriesAsync(Lease("acme", "s2", T0.AddMinutes(1), accounts: ["page-9"])));
        Assert.Equal("c2.2", page.DeliveryId);

        // s1 died: once its lease ran out, another sender takes its rows.
        var retaken = await journal.LeaseDeliveriesAsync(Lease("acme", "s3", T0.AddMinutes(2)));
        Assert.Equal(["c1.2", "c1.3", "c2.2"], retaken.Select(d => d.DeliveryId));
        Assert.All(retaken, d => Assert.Equal(2, d.Leases));
    }

    [Fact]
    public async Task A_conversations_write_settles_its_row_and_ends_the_lease()
    {
        var (journal, owner) = await JournalAsync();
        await using var _ = owner;
        var row = Pending("acme", "c1", 2);
        await journal.RecordAsync(new JournalWrite("acme/c1", [], null, Deliveries: [row]));
        Assert.Single(await journal.LeaseDeliveriesAsync(Lease("acme", "s1", T0.AddMinutes(1))));

        await journal.RecordAsync(new JournalWrite("acme/c1", [], null, Deliveries: [row with { State = DeliveryState.Sent, DueAt = null, NetworkMessageId = "1999", SentAt = T0.AddMinutes(1) }]));

        var stored = await journal.ReadDeliveryAsync("acme", "c1.2");
        Assert.NotNull(stored);
        Assert.Equal((DeliveryState.Sent, "1999", (string?)null, 1, (DateTimeOffset?)T0.AddMinutes(1)), (stored.State, stored.NetworkMessageId, stored.LeaseOwner, stored.Leases, stored.SentAt));
        Assert.Empty(await journal.LeaseDeliveriesAsync(Lease("acme", "s2", T0.AddDays(1))));
        Assert.Null(await journal.ReadDeliveryAsync("acme", "c1.3"));
    }

    [Fact]
    public async Task Concurrent_senders_never_lease_one_row_twice()
    {
        var (journal, owner) = await JournalAsync();
        await using var _ = owner;
        await journal.RecordAsync(new JournalWrite("acme/c1", [], null, Deliveries: [.. Enumerable.Range(2, 300).Select(i => Pending("acme", "c1", i))]));

        var now = T0.AddHours(1);
        var leases = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var mine = new List<string>();
            while (await journal.LeaseDeliveriesAsync(Lease("acme", $"s{i}", now, take: 7)) is { Count: > 0 } page)
            {
                mine.AddRange(page.Select(d => d.DeliveryId));
            }

            return mine;
        })));

        var all = leases.SelectMany(l => l).ToList();
        Assert.Equal(300, all.Count);
        Assert.Equal(300, all.Distinct().Count());
    }

    [Fact]
    public async Task A_retraction_row_keeps_the_network_message_it_deletes()
    {
        var (journal, owner) = await JournalAsync();
        await using var _ = owner;
        await journal.RecordAsync(new JournalWrite("acme/c1", [], null, Deliveries: [Pending("acme", "c1", 4) with { Retracts = "1799" }, Pending("acme", "c1", 5)]));

        var leased = await journal.LeaseDeliveriesAsync(Lease("acme", "s1", T0.AddMinutes(1)));

        Assert.Equal([("c1.4", "1799"), ("c1.5", (string?)null)], leased.Select(d => (d.DeliveryId, d.Retracts)));
        Assert.Equal("1799", (await journal.ReadDeliveryAsync("acme", "c1.4"))!.Retracts);
    }

    private sealed class Owned(NpgsqlDataSource source, JournalGroupCommit groups, JournalReadGroup reads) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await groups.DisposeAsync();
            await reads.DisposeAsync();
            await source.DisposeAsync();
        }
    }
}
