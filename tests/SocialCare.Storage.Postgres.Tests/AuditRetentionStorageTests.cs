using Npgsql;
using SocialCare.Domain.Audit;
using SocialCare.Grains.Abstractions.Audit;
using SocialCare.Storage.Postgres.Journal;
using SocialCare.Storage.Postgres.Migrations;

namespace SocialCare.Storage.Postgres.Tests;

/// <summary>Retention on PostgreSQL: whole old segments go, the cut is an entry of the chain, and the rest still verifies.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditRetentionStorageTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_cut_removes_whole_old_segments_records_itself_and_leaves_a_chain_that_verifies()
    {
        await using var source = NpgsqlDataSource.Create(await postgres.NewDatabaseAsync());
        await new SchemaMigrator(source).MigrateAsync();
        await using var groups = new JournalGroupCommit(source);
        await using var reads = new JournalReadGroup(source);
        var journal = new PostgresConversationJournal(source, groups, reads);
        // 23 entries a day apart; segments of 10.
        foreach (var i in Enumerable.Range(1, 23))
        {
            await journal.AppendAuditAsync([new AuditActor("jd", "agent", "office", $"r{i}").Entry("brand", Start.AddDays(i), AuditActions.Claimed, $"conversations/c{i}")]);
        }

        var before = await journal.ReadAuditAsync("brand", AuditFilter.Everything, AuditCursor.Start, 100);
        AuditEntry Cut(AuditLaneHead start, long removed) => AuditActor.System.Entry("brand", Start.AddDays(30), AuditActions.RetentionCut, "audit", detail: start.CutDetail(removed));

        // Older than day 22: segments 1-10 and 11-20 are wholly older; 21-23 would be part of a segment.
        Assert.Equal(20, await journal.CutAuditAsync("brand", Start.AddDays(22), 10, Cut));
        Assert.Equal(0, await journal.CutAuditAsync("brand", Start.AddDays(22), 10, Cut));

        // Appended one at a time, every entry went into lane 0 (no other writer held it).
        var start = Assert.Single(await journal.ReadAuditLanesAsync("brand"), l => l.Sequence > 0);
        Assert.Equal((0, 20L), (start.Lane, start.Sequence));
        Assert.Equal(before[19].Hash, start.Hash);
        var after = await journal.ReadAuditAsync("brand", AuditFilter.Everything, AuditCursor.Start, 100);
        Assert.Equal([21L, 22L, 23L, 24L], after.Select(e => e.Sequence));
        Assert.Equal(AuditActions.RetentionCut, after[^1].Entry.Action);
        Assert.Contains("removed=20", after[^1].Entry.Detail, StringComparison.Ordinal);
        Assert.Null(await AuditTrailStorageTests.VerifyAsync(journal, "brand"));

        // The cut record is append-only too.
        await using var rewrite = source.CreateCommand("UPDATE socialcare_audit_cuts SET through_sequence = 0");
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await Assert.ThrowsAsync<PostgresException>(() => rewrite.ExecuteNonQueryAsync())).SqlState);
    }
}
