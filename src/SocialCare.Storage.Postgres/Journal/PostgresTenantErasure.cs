using Npgsql;
using SocialCare.Grains.Tenants;

namespace SocialCare.Storage.Postgres.Journal;

/// <summary>
/// Erases a tenant from every SocialCare table in one transaction: the tables keyed by
/// conversation ("{tenant}/{conversation}") by key range, grain state by the tenant part of its
/// key ("{state}/{grain type}/{tenant}..."), and every other table by its tenant_id column. Those
/// are found in the catalogue when the erasure runs, so a table a later version adds is erased
/// without this class knowing it.
/// </summary>
internal sealed class PostgresTenantErasure(NpgsqlDataSource dataSource) : ITenantErasure
{
    private const string TablePrefix = "socialcare_";

    // Keys compare byte by byte (COLLATE "C", V005): '0' follows '/', so the range holds exactly
    // the keys that start with the tenant's id and a slash, and the primary key's index finds them.
    private const string ByConversationKey = "conversation_key >= $1 || '/' AND conversation_key < $1 || '0'";

    /// <summary>Tables with a tenant_id column, which the erasure deletes by it.</summary>
    private const string TenantTables = """
        SELECT table_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND column_name = 'tenant_id' AND table_name LIKE 'socialcare\_%'
        ORDER BY table_name
        """;

    public async Task<IReadOnlyDictionary<string, long>> EraseAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        var removed = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The audit trail's append-only rule lets this tenant's rows go in this transaction only (V013).
        await using (var allow = new NpgsqlCommand("SELECT set_config('socialcare.tenant_erasure', $1, true)", connection, transaction))
        {
            allow.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
            await allow.ExecuteNonQueryAsync(cancellationToken);
        }

        var tables = new List<string>();
        await using (var find = new NpgsqlCommand(TenantTables, connection, transaction))
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                tables.Add(reader.GetString(0));
            }
        }

        var statements = new List<(string Table, string Where)>
        {
            ("socialcare_conversation_messages", ByConversationKey),
            ("socialcare_conversations", ByConversationKey),
            ("socialcare_grain_states", "split_part(grain_key, '/', 3) = $1"),
        };
        statements.AddRange(tables.Select(table => (table, "tenant_id = $1")));
        foreach (var (table, where) in statements)
        {
            // Table names come from the list above or the catalogue; quoted all the same.
            await using var delete = new NpgsqlCommand($"DELETE FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\" WHERE {where}", connection, transaction);
            delete.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
            TenantRecords.Add(removed, table[TablePrefix.Length..], await delete.ExecuteNonQueryAsync(cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return removed;
    }
}
