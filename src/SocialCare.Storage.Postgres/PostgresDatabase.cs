using System.Net.Sockets;
using Npgsql;
using SocialCare.Storage.Postgres.Migrations;

namespace SocialCare.Storage.Postgres;

/// <summary>Start-up access to SocialCare's PostgreSQL database: reachability and migrations, with failures as one clear line.</summary>
public static class PostgresDatabase
{
    public static async Task<IReadOnlyList<SchemaMigrator.Script>> MigrateAsync(string connectionString)
    {
        await using var dataSource = Open(connectionString);
        return await Guard(connectionString, () => new SchemaMigrator(dataSource).MigrateAsync());
    }

    /// <summary>
    /// The highest schema version applied to the database (0 before the first migration); an
    /// unreachable database fails here in one line, as at any start-up access.
    /// </summary>
    public static async Task<int> SchemaVersionAsync(string connectionString)
    {
        await using var dataSource = Open(connectionString);
        return await Guard(connectionString, () => SchemaVersionAsync(dataSource));
    }

    /// <summary>As <see cref="SchemaVersionAsync(string)"/>, on a pool the caller already has.</summary>
    public static async Task<int> SchemaVersionAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand(
            "SELECT CASE WHEN to_regclass('socialcare_schema_migrations') IS NULL THEN 0 ELSE (SELECT coalesce(max(version), 0) FROM socialcare_schema_migrations) END");
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static NpgsqlDataSource Open(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Timeout > 10)
        {
            builder.Timeout = 10;
        }

        return NpgsqlDataSource.Create(builder);
    }

    private static async Task<T> Guard<T>(string connectionString, Func<Task<T>> action)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var where = $"PostgreSQL at {target.Host}:{target.Port}, database \"{target.Database}\", user \"{target.Username}\"";
        try
        {
            return await action();
        }
        catch (NpgsqlException ex) when (ex.InnerException is SocketException or TimeoutException || ex is NpgsqlException { IsTransient: true })
        {
            throw new DatabaseUnavailableException($"cannot reach {where}: {(ex.InnerException ?? ex).Message}", ex);
        }
        catch (PostgresException ex)
        {
            throw new DatabaseUnavailableException($"{where} refused: {ex.SqlState} {ex.MessageText}", ex);
        }
        catch (NpgsqlException ex)
        {
            throw new DatabaseUnavailableException($"cannot use {where}: {ex.Message}", ex);
        }
    }
}
