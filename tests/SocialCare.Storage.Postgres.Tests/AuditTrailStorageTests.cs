using Npgsql;
using Orleans.Storage;
using SocialCare.Domain.Audit;
using SocialCare.Grains.Abstractions.Audit;
using SocialCare.Grains.Journal;
using SocialCare.Storage.Postgres.Journal;
using SocialCare.Storage.Postgres.Migrations;

namespace SocialCare.Storage.Postgres.Tests;

/// <summary>The trail in PostgreSQL: appended with the change it records, chained per tenant, append-only, and tamper-evident.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditTrailStorageTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private sealed class Journal : IAsyncDisposable
    {
        private readonly List<JournalGroupCommit> _groups = [];

        public required NpgsqlDataSource Source { get; init; }

        public required PostgresConversationJournal Main { get; init; }

        /// <summary>Another silo's journal on the same database: its own group commit, its own connections.</summary>
        public PostgresConversationJournal AnotherSilo()
        {
            var groups = new JournalGroupCommit(Source);
            _groups.Add(groups);
            return new PostgresConversationJournal(Source, groups, new JournalReadGroup(Source));
        }

        public static async Task<Journal> OpenAsync(PostgresFixture postgres)
        {
            var source = NpgsqlDataSource.Create(await postgres.NewDatabaseAsync());
            await new SchemaMigrator(source).MigrateAsync();
            var groups = new JournalGroupCommit(source);
            var journal = new Journal { Source = source, Main = new PostgresConversationJournal(source, groups, new JournalReadGroup(source)) };
            journal._groups.Add(groups);
            return journal;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var groups in _groups)
            {
                await groups.DisposeAsync();
            }

            await Source.DisposeAsync();
        }
    }

    private static AuditEntry Entry(string tenant, int i, string action = AuditActions.MessageReceived) =>
        new AuditActor("key:connector", "connector", "unspecified", $"req-{i}")
            .Entry(tenant, Start.AddTicks(i * 1_234_567L), action, $"conversations/c{i}", $"c{i}", $"message=1 network_message_id=n{i}");

    internal static async Task<AuditBreak?> VerifyAsync(IConversationJournal journal, string tenant)
    {
        var lanes = await journal.ReadAuditLanesAsync(tenant);
        var verifier = new AuditVerifier(lanes);
        foreach (var lane in lanes)
        {
            foreach (var entry in await journal.ReadAuditLaneAsync(tenant, lane.Lane, lane.Sequence, 100_000))
            {
                verifier.Check(entry);
            }
        }

        return verifier.Finish();
    }

    [Fact]
    public async Task Entries_from_two_silos_at_once_form_unbroken_lanes_per_tenant()
    {
        await using var journal = await Journal.OpenAsync(postgres);
        var silos = new[] { journal.Main, journal.AnotherSilo() };

        // Changes of two tenants written at once through two group commits, each carrying its entry.
        await Task.WhenAll(Enumerable.Range(0, 400).Select(i => silos[i % 2].RecordAsync(new JournalWrite(
            $"{(i % 4 < 2 ? "brand-a" : "brand-b")}/c{i}", [], null, new ConversationSnapshot([(byte)i], 0), [Entry(i % 4 < 2 ? "brand-a" : "brand-b", i)]))));

        foreach (var tenant in new[] { "brand-a", "brand-b" })
        {
            var trail = await journal.Main.ReadAuditAsync(tenant, AuditFilter.Everything, AuditCursor.Start, 1_000);
            Assert.Equal(200, trail.Count);
            Assert.Equal(trail.Select(e => e.Position).Order(), trail.Select(e => e.Position));
            // Each lane numbers its own entries from 1 without a gap.
            Assert.All(trail.GroupBy(e => e.Lane), lane => Assert.Equal(Enumerable.Range(1, lane.Count()).Select(i => (long)i), lane.Select(e => e.Sequence).Order()));
            Assert.Null(await VerifyAsync(journal.Main, tenant));

            // Paged with a cursor, every entry comes once, in position order.
            var paged = new List<AuditedEntry>();
            var cursor = AuditCursor.Start;
            for (var page = await journal.Main.ReadAuditAsync(tenant, AuditFilter.Everything, cursor, 7); page.Count > 0; page = await journal.Main.ReadAuditAsync(tenant, AuditFilter.Everything, cursor, 7))
            {
                paged.AddRange(page);
                Assert.True(AuditCursor.TryParse(cursor.Past(page).ToToken(), out cursor));
            }

            Assert.Equal(trail.Select(e => e.Position), paged.Select(e => e.Position));
        }

        // What was stored is what was written, to the microsecond.
        var one = Assert.Single(await journal.Main.ReadAuditAsync("brand-a", new AuditFilter(ConversationId: "c5"), AuditCursor.Start, 10));
        Assert.Equal(Entry("brand-a", 5), one.Entry);
    }

    [Fact]
    public async Task A_refused_change_leaves_no_entry_and_an_entry_alone_is_chained_too()
    {
        await using var journal = await Journal.OpenAsync(postgres);
        await journal.Main.RecordAsync(new JournalWrite("brand/c1", [], null, new ConversationSnapshot([1], 0), [Entry("brand", 1)]));

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            journal.Main.RecordAsync(new JournalWrite("brand/c1", [], null, new ConversationSnapshot([2], 0), [Entry("brand", 2)])));
        await journal.Main.AppendAuditAsync([Entry("brand", 3, AuditActions.Denied) with { Outcome = AuditOutcome.Denied }]);

        var trail = await journal.Main.ReadAuditAsync("brand", AuditFilter.Everything, AuditCursor.Start, 10);
        Assert.Equal(["req-1", "req-3"], trail.Select(e => e.Entry.RequestId));
        Assert.Equal([(0, 1L), (0, 2L)], trail.Select(e => (e.Lane, e.Sequence)));
        Assert.Null(await VerifyAsync(journal.Main, "brand"));
    }

    [Fact]
    public async Task The_application_cannot_change_or_remove_an_entry()
    {
        await using var journal = await Journal.OpenAsync(postgres);
        await journal.Main.AppendAuditAsync([Entry("brand", 1)]);

        foreach (var sql in new[]
        {
            "UPDATE socialcare_audit_entries SET actor = 'nobody'",
            "DELETE FROM socialcare_audit_entries",
            "TRUNCATE socialcare_audit_entries",
        })
        {
            await using var command = journal.Source.CreateCommand(sql);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }

        Assert.Single(await journal.Main.ReadAuditAsync("brand", AuditFilter.Everything, AuditCursor.Start, 10));
    }

    [Fact]
    public async Task A_tenant_erasure_removes_that_tenant_s_trail_and_no_other()
    {
        await using var journal = await Journal.OpenAsync(postgres);
        await journal.Main.AppendAuditAsync([Entry("brand", 1), Entry("brand", 2), Entry("brand-two", 3)]);

        // Naming one tenant's erasure does not open another tenant's trail.
        await using (var connection = await journal.Source.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using var allow = new NpgsqlCommand("SELECT set_config('socialcare.tenant_erasure', 'brand', true)", connection, transaction);
            await allow.ExecuteNonQueryAsync();
            await using var other = new NpgsqlCommand("DELETE FROM socialcare_audit_entries WHERE tenant_id = 'brand-two'", connection, transaction);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => other.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }

        var removed = await new PostgresTenantErasure(journal.Source).EraseAsync("brand");

        Assert.Equal(2, removed["audit_entries"]);
        Assert.Empty(await journal.Main.ReadAuditAsync("brand", AuditFilter.Everything, AuditCursor.Start, 10));
        Assert.Single(await journal.Main.ReadAuditAsync("brand-two", AuditFilter.Everything, AuditCursor.Start, 10));
        Assert.Null(await VerifyAsync(journal.Main, "brand-two"));
        // And outside an erasure the trail is as append-only as before.
        await using var delete = journal.Source.CreateCommand("DELETE FROM socialcare_audit_entries");
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await Assert.ThrowsAsync<PostgresException>(() => delete.ExecuteNonQueryAsync())).SqlState);
    }

    [Fact]
    public async Task A_row_edited_in_the_database_is_found_by_the_verifier()
    {
        await using var journal = await Journal.OpenAsync(postgres);
        foreach (var i in Enumerable.Range(1, 10))
        {
            await journal.Main.AppendAuditAsync([Entry("brand", i)]);
        }

        Assert.Null(await VerifyAsync(journal.Main, "brand"));

        // Someone with the database owner's rights turns the guard off and rewrites who acted.
        await using (var tamper = journal.Source.CreateCommand("""
            ALTER TABLE socialcare_audit_entries DISABLE TRIGGER socialcare_audit_entries_append_only;
            UPDATE socialcare_audit_entries SET actor = 'key:someone-else' WHERE tenant_id = 'brand' AND lane = 0 AND sequence = 6;
            ALTER TABLE socialcare_audit_entries ENABLE TRIGGER socialcare_audit_entries_append_only;
            """))
        {
            await tamper.ExecuteNonQueryAsync();
        }

        var broken = await VerifyAsync(journal.Main, "brand");
        Assert.NotNull(broken);
        Assert.Equal(6, broken.Sequence);

        // Removing a row is found at the gap.
        await using (var remove = journal.Source.CreateCommand("""
            ALTER TABLE socialcare_audit_entries DISABLE TRIGGER socialcare_audit_entries_append_only;
            UPDATE socialcare_audit_entries SET actor = 'key:connector' WHERE tenant_id = 'brand' AND lane = 0 AND sequence = 6;
            DELETE FROM socialcare_audit_entries WHERE tenant_id = 'brand' AND lane = 0 AND sequence = 3;
            ALTER TABLE socialcare_audit_entries ENABLE TRIGGER socialcare_audit_entries_append_only;
            """))
        {
            await remove.ExecuteNonQueryAsync();
        }

        Assert.Equal(3, (await VerifyAsync(journal.Main, "brand"))!.Sequence);
    }
}
