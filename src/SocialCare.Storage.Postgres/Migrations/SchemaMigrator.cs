using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Npgsql;

namespace SocialCare.Storage.Postgres.Migrations;

/// <summary>
/// Applies the versioned scripts of deploy/sql/postgresql (embedded in this assembly) in order,
/// each once, recording them in socialcare_schema_migrations. Concurrent migrators (several silos
/// starting together) are serialised by an advisory lock, so a second run is a no-op.
/// </summary>
public sealed partial class SchemaMigrator(NpgsqlDataSource dataSource)
{
    private const string ResourcePrefix = "socialcare.sql.";
    private const long LockKey = 0x50C1A1CA4E;

    public sealed record Script(int Version, string Name, string Sql);

    public static IReadOnlyList<Script> Scripts { get; } = LoadScripts();

    /// <returns>The scripts this run applied (empty when the schema was up to date).</returns>
    public async Task<IReadOnlyList<Script>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken);
        await ExecuteAsync(
            connection,
            transaction,
            """
            CREATE TABLE IF NOT EXISTS socialcare_schema_migrations (
                version    integer PRIMARY KEY,
                name       text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
            """,
            cancellationToken);

        var applied = new HashSet<int>();
        await using (var read = new NpgsqlCommand("SELECT version FROM socialcare_schema_migrations", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var run = new List<Script>();
        foreach (var script in Scripts.Where(s => !applied.Contains(s.Version)))
        {
            await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
            await using var record = new NpgsqlCommand("INSERT INTO socialcare_schema_migrations (version, name) VALUES (@version, @name)", connection, transaction);
            record.Parameters.AddWithValue("version", script.Version);
            record.Parameters.AddWithValue("name", script.Name);
            await record.ExecuteNonQueryAsync(cancellationToken);
            run.Add(script);
        }

        await transaction.CommitAsync(cancellationToken);
        return run;
    }

    public static int LatestVersion => Scripts.Count == 0 ? 0 : Scripts[^1].Version;

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<Script> LoadScripts()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var scripts = new List<Script>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[ResourcePrefix.Length..^".sql".Length];
            var match = ScriptName().Match(name);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Migration script \"{name}\" is not named V<number>__<description>.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var text = new StreamReader(stream);
            scripts.Add(new Script(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), name, text.ReadToEnd()));
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        return scripts;
    }

    [GeneratedRegex("^V([0-9]+)__[a-z0-9_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ScriptName();
}
