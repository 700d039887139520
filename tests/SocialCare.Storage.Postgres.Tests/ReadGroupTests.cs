using Npgsql;
using SocialCare.Grains.Journal;
using SocialCare.Storage.Postgres.Journal;
using SocialCare.Storage.Postgres.Migrations;

namespace SocialCare.Storage.Postgres.Tests;

/// <summary>Activation reads asked for together are answered together, each with its own row.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ReadGroupTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Concurrent_reads_of_both_tables_each_get_their_own_row_or_nothing()
    {
        await using var source = NpgsqlDataSource.Create(await postgres.NewDatabaseAsync());
        await new SchemaMigrator(source).MigrateAsync();
        await using var groups = new JournalGroupCommit(source);
        await using var reads = new JournalReadGroup(source);

        // Every third key of each table is stored; a conversation and a grain share key text,
        // so an answer from the wrong table would show.
        var stored = Enumerable.Range(0, 300).Where(i => i % 3 == 0).ToList();
        await Task.WhenAll(stored.SelectMany(i => new[]
        {
            groups.WriteAsync(new JournalWrite($"k{i}", [], null, new ConversationSnapshot([1, (byte)i], 0))),
            groups.WriteAsync(new GrainStateWrite($"k{i}", [2, (byte)i], 0, [])),
        }));

        // Each key asked for twice in each table, all at once: far more than one group holds.
        var asked = Enumerable.Range(0, 300)
            .SelectMany(i => new[] { StateTable.Conversations, StateTable.GrainStates }.Select(table => (i, table)))
            .SelectMany(q => new[] { q, q })
            .Select(q => (q.i, q.table, Read: reads.ReadAsync(q.table, $"k{q.i}")))
            .ToList();
        await Task.WhenAll(asked.Select(a => a.Read));

        foreach (var (i, table, read) in asked)
        {
            var row = await read;
            if (i % 3 != 0)
            {
                Assert.Null(row);
                continue;
            }

            Assert.NotNull(row);
            Assert.Equal(new byte[] { table == StateTable.Conversations ? (byte)1 : (byte)2, (byte)i }, row.State);
            Assert.Equal(1L, row.Version);
        }
    }

    [Fact]
    public async Task A_failed_group_fails_each_of_its_reads_and_the_next_group_is_answered()
    {
        await using var broken = NpgsqlDataSource.Create(await postgres.NewDatabaseAsync());
        // No migration: the tables do not exist, so the group's statement fails.
        await using var reads = new JournalReadGroup(broken);
        var failing = Enumerable.Range(0, 20).Select(i => reads.ReadAsync(StateTable.GrainStates, $"k{i}")).ToList();
        foreach (var read in failing)
        {
            await Assert.ThrowsAsync<PostgresException>(() => read);
        }

        await new SchemaMigrator(broken).MigrateAsync();
        Assert.Null(await reads.ReadAsync(StateTable.Conversations, "k1"));
    }

    [Fact]
    public async Task Once_disposed_the_read_group_and_the_group_commit_refuse_new_work()
    {
        await using var source = NpgsqlDataSource.Create(await postgres.NewDatabaseAsync());
        var reads = new JournalReadGroup(source);
        var groups = new JournalGroupCommit(source);
        await reads.DisposeAsync();
        await groups.DisposeAsync();

        var read = await Assert.ThrowsAsync<ObjectDisposedException>(() => reads.ReadAsync(StateTable.GrainStates, "k1"));
        Assert.Equal(nameof(JournalReadGroup), read.ObjectName);
        var write = await Assert.ThrowsAsync<ObjectDisposedException>(() => groups.WriteAsync(new GrainStateWrite("k1", [1], 0, [])));
        Assert.Equal(nameof(JournalGroupCommit), write.ObjectName);
    }
}
