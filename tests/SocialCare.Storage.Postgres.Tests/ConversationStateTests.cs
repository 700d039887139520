using Npgsql;
using Orleans.Storage;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Queues;
using SocialCare.Domain.Triage;
using SocialCare.Grains.Journal;
using SocialCare.Storage.Postgres.Journal;
using SocialCare.Storage.Postgres.Migrations;

namespace SocialCare.Storage.Postgres.Tests;

/// <summary>The conversation's state, messages and queue row are one transaction on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ConversationStateTests(PostgresFixture postgres)
{
    private const string Key = "brand/conversation-1";

    [Fact]
    public async Task A_write_over_a_stale_version_is_refused_whole_and_the_stored_state_is_untouched()
    {
        await using var source = NpgsqlDataSource.Create(await postgres.NewDatabaseAsync());
        await new SchemaMigrator(source).MigrateAsync();
        await using var groups = new JournalGroupCommit(source);
        await using var reads = new JournalReadGroup(source);
        var journal = new PostgresConversationJournal(source, groups, reads);

        Assert.Null(await journal.LoadConversationAsync(Key));
        await journal.RecordAsync(new JournalWrite(Key, [], Entry("first-line"), new ConversationSnapshot([1, 2, 3], 0)));
        await journal.RecordAsync(new JournalWrite(Key, [], Entry("first-line"), new ConversationSnapshot([4, 5], 1)));

        // A second activation that read version 1 (or never read it) tries to write.
        var stale = new JournalWrite(Key, [], Entry("billing"), new ConversationSnapshot([9], 1));
        await Assert.ThrowsAsync<InconsistentStateException>(() => journal.RecordAsync(stale));
        await Assert.ThrowsAsync<InconsistentStateException>(() => journal.RecordAsync(stale with { State = new ConversationSnapshot([9], 0) }));

        var stored = await journal.LoadConversationAsync(Key);
        Assert.NotNull(stored);
        Assert.Equal([4, 5], stored.State);
        Assert.Equal(2L, stored.Version);
        // Nothing of the refused writes landed: the queue row still names the first team.
        Assert.Single(await journal.ReadQueueShardAsync("brand", "first-line", 0, null, 100, QueueFilter.All));
        Assert.Empty(await journal.ReadQueueShardAsync("brand", "billing", 0, null, 100, QueueFilter.All));
    }

    [Fact]
    public async Task Changes_written_together_commit_together_and_one_stale_change_fails_alone()
    {
        await using var source = NpgsqlDataSource.Create(await postgres.NewDatabaseAsync());
        await new SchemaMigrator(source).MigrateAsync();
        await using var groups = new JournalGroupCommit(source);
        await using var reads = new JournalReadGroup(source);
        var journal = new PostgresConversationJournal(source, groups, reads);
        await journal.RecordAsync(new JournalWrite(Key, [], Entry("first-line"), new ConversationSnapshot([1], 0)));

        // Forty conversations change at once, as under ingest load, and one writer is stale.
        var fresh = Enumerable.Range(0, 40).Select(i => journal.RecordAsync(
            new JournalWrite($"brand/c{i}", [], Entry("first-line"), new ConversationSnapshot([(byte)i], 0)))).ToList();
        var stale = journal.RecordAsync(new JournalWrite(Key, [], null, new ConversationSnapshot([9], 0)));

        await Task.WhenAll(fresh);
        await Assert.ThrowsAsync<InconsistentStateException>(() => stale);
        for (var i = 0; i < 40; i++)
        {
            var stored = await journal.LoadConversationAsync($"brand/c{i}");
            Assert.NotNull(stored);
            Assert.Equal([(byte)i], stored.State);
            Assert.Equal(1L, stored.Version);
        }

        Assert.Equal(41, (await journal.ReadQueueShardAsync("brand", "first-line", 0, null, 100, QueueFilter.All)).Count);
        Assert.Equal(1L, (await journal.LoadConversationAsync(Key))!.Version);
    }

    private static QueueEntry Entry(string team) => new(
        "brand",
        team,
        0,
        new QueueItem("conversation-1", team, Channel.X, ConversationStatus.Open, Priority.Normal, Category.Question, null, "@customer", "where is my order?",
            DateTimeOffset.UnixEpoch, null, false, DateTimeOffset.UnixEpoch, 1),
        null);
}
