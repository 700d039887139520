using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using SocialCare.Grains.Hosting;
using SocialCare.Grains.Journal;
using SocialCare.Grains.Knowledge;
using SocialCare.Storage.Postgres.Journal;

namespace SocialCare.Storage.Postgres;

/// <summary>
/// Everything a silo keeps in PostgreSQL: membership through the Orleans ADO.NET
/// providers, grain state and the conversation journal in SocialCare's own tables. Grain state is
/// written with the Orleans serializer (binary, versioned by [Id]) rather than the default JSON
/// with CLR type names, so renaming a class does not strand stored conversations.
/// </summary>
public static class PostgresStorage
{
    /// <summary>The ADO.NET invariant the Orleans providers load Npgsql by.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>The key of the connection pool for lookups (see <see cref="ForLookups"/>).</summary>
    internal const string LookupsKey = "socialcare-lookups";

    /// <summary>Stores the silo's membership, grain state and journal in the database of <paramref name="connectionString"/>.</summary>
    public static ISiloBuilder UseSocialCarePostgres(this ISiloBuilder silo, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(silo);
        connectionString = TunedForCare(connectionString);
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        // Grain state goes through the journal's group commit (JournalGrainStorage), not the
        // Orleans ADO.NET provider: one transaction per write was most of an ingest's cost.
        silo.Services.AddGrainStorage(CareStorage.Name, (services, _) => new JournalGrainStorage(
            services.GetRequiredKeyedService<NpgsqlDataSource>(LookupsKey),
            services.GetRequiredService<JournalGroupCommit>(),
            services.GetRequiredService<JournalReadGroup>(),
            services.GetRequiredService<Orleans.Serialization.Serializer>()));
        // No reminder service: no grain keeps a durable schedule (SLA deadlines live in the
        // journal's due index, which SlaDeadlineSweeper reads), and the service would poll its
        // table on every silo for nothing. A grain that registers a reminder fails loudly.
        silo.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        silo.Services.AddKeyedSingleton(LookupsKey, (_, _) => NpgsqlDataSource.Create(ForLookups(connectionString)));
        silo.Services.AddSingleton(services => new JournalGroupCommit(services.GetRequiredService<NpgsqlDataSource>()));
        silo.Services.AddSingleton(services => new JournalReadGroup(services.GetRequiredKeyedService<NpgsqlDataSource>(LookupsKey)));
        silo.Services.AddSingleton<IConversationJournal>(services => new PostgresConversationJournal(
            services.GetRequiredKeyedService<NpgsqlDataSource>(LookupsKey),
            services.GetRequiredService<JournalGroupCommit>(),
            services.GetRequiredService<JournalReadGroup>()));
        silo.Services.AddSingleton<Grains.Tenants.ITenantErasure>(services => new PostgresTenantErasure(services.GetRequiredService<NpgsqlDataSource>()));
        silo.Services.AddSingleton<IKnowledgeIndex>(services => new PostgresKnowledgeIndex(services.GetRequiredKeyedService<NpgsqlDataSource>(LookupsKey)));
        silo.Services.AddSingleton<Grains.Triage.ITriageModelStore>(services => new PostgresTriageModelStore(services.GetRequiredKeyedService<NpgsqlDataSource>(LookupsKey)));
        return silo;
    }

    /// <summary>
    /// The connection string of the lookups' pool: every statement that finds rows by key
    /// (activation reads, message history, queue shards, due deadlines, a grain state's removal)
    /// is planned with its own values rather than prepared. A prepared statement's plan is kept once chosen, so a
    /// plan made while a table was small (a sequential scan, the right choice then) stayed in a
    /// pooled connection after the table grew, until autovacuum's next analyze: activation reads
    /// on a fresh database spent most of PostgreSQL's CPU scanning. Writes stay prepared: an
    /// upsert finds its row through the unique index whatever the table's size. (The group commit's
    /// removal of resolved conversations' queue rows shares the writes' transaction, so it stays
    /// prepared; analyze refreshes its plan as the table grows.)
    /// </summary>
    internal static string ForLookups(string tunedConnectionString) =>
        new NpgsqlConnectionStringBuilder(tunedConnectionString) { MaxAutoPrepare = 0 }.ConnectionString;

    /// <summary>
    /// Tunes Npgsql for many short statements (an ingest makes several); a value set
    /// in the connection string wins. Statements every change repeats (the journal's writes) are
    /// prepared once per pooled connection, so PostgreSQL stops parsing and planning them per call.
    /// A connection going back to the pool is not reset: SocialCare never changes session state,
    /// and the reset was a second statement per database call.
    /// </summary>
    internal static string TunedForCare(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // Npgsql's builder answers every keyword it knows as present, so the keys actually given
        // are read from the raw string, spaces and case ignored as Npgsql ignores them.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>()
            .Select(key => key.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant())
            .ToHashSet(StringComparer.Ordinal);
        if (!given.Contains("MAXAUTOPREPARE"))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        if (!given.Contains("NORESETONCLOSE"))
        {
            builder.NoResetOnClose = true;
        }

        // Group commit needs few connections, and PostgreSQL on a few cores does more with
        // fewer busy backends; 32 also keeps three silos (three pools each: the journal's writes
        // and lookups, and the Orleans providers') under the default local max_connections of 200,
        // as lookups are grouped too and seldom hold more than a few connections.
        if (!given.Overlaps(["MAXIMUMPOOLSIZE", "MAXPOOLSIZE"]))
        {
            builder.MaxPoolSize = 32;
        }

        return builder.ConnectionString;
    }
}
