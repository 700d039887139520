using Npgsql;
using SocialCare.Grains.Journal;
using SocialCare.Storage.Postgres.Journal;
using SocialCare.Storage.Postgres.Migrations;

namespace SocialCare.Storage.Postgres.Tests;

/// <summary>
/// A journal of either profile for a contract both must keep: PostgreSQL's on a new migrated
/// database, or the in-memory one.
/// </summary>
internal sealed class OpenJournal(IConversationJournal journal, IAsyncDisposable[] owned) : IAsyncDisposable
{
    public static TheoryData<string> Kinds => new() { "postgres", "in-memory" };

    public IConversationJournal Journal => journal;

    public static async Task<OpenJournal> OpenAsync(PostgresFixture postgres, string kind)
    {
        if (kind == "in-memory")
        {
            return new OpenJournal(new InMemoryConversationJournal(), []);
        }

        var source = NpgsqlDataSource.Create(await postgres.NewDatabaseAsync());
        await new SchemaMigrator(source).MigrateAsync();
        var groups = new JournalGroupCommit(source);
        var reads = new JournalReadGroup(source);
        return new OpenJournal(new PostgresConversationJournal(source, groups, reads), [groups, reads, source]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var part in owned)
        {
            await part.DisposeAsync();
        }
    }
}
