using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using SocialCare.Domain.Audit;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Queues;
using SocialCare.Grains.Audit;
using SocialCare.Grains.Journal;

namespace SocialCare.Storage.Postgres.Journal;

/// <summary>
/// The conversation journal in PostgreSQL (tables from V002 and V003). A change's state, messages
/// and queue row are stored in one transaction, so they never disagree; changes of many
/// conversations share that transaction (see <see cref="JournalGroupCommit"/>).
/// </summary>
/// <remarks>
/// Writes go through the silo's <see cref="JournalGroupCommit"/>, state reads through its
/// <see cref="JournalReadGroup"/>, and the other reads go to the lookups pool (see
/// <see cref="PostgresStorage.ForLookups"/>); their owner disposes them.
/// </remarks>
internal sealed class PostgresConversationJournal(NpgsqlDataSource lookups, JournalGroupCommit groups, JournalReadGroup reads) : IConversationJournal
{
    private const string SelectMessages = """
        SELECT message FROM socialcare_conversation_messages
        WHERE conversation_key = $1 AND sequence > $2 AND sequence <= $3
        ORDER BY sequence
        LIMIT $4
        """;

    private const string SelectShard = """
        SELECT item FROM socialcare_open_conversations
        WHERE tenant_id = $1 AND team_id = $2 AND shard = $3
        """;

    private const string SelectDue = """
        SELECT conversation_key FROM socialcare_open_conversations
        WHERE wake_at IS NOT NULL AND wake_at <= $1
        ORDER BY wake_at
        LIMIT $2
        """;

    private const string SelectAudit = """
        SELECT sequence, recorded_at, actor, acted_by, role, location, action, target, conversation_id,
               request_id, outcome, detail, previous_hash, hash
        FROM socialcare_audit_entries
        WHERE tenant_id = $1 AND sequence > $2
          AND ($3::text IS NULL OR conversation_id = $3)
          AND ($4::text IS NULL OR actor = $4 OR acted_by = $4)
          AND ($5::text IS NULL OR action = $5)
          AND ($6::timestamptz IS NULL OR recorded_at >= $6)
          AND ($7::timestamptz IS NULL OR recorded_at < $7)
        ORDER BY sequence
        LIMIT $8
        """;

    public Task AppendAuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return entries.Count == 0 ? Task.CompletedTask : groups.WriteAuditAsync(entries);
    }

    public async Task<IReadOnlyList<AuditedEntry>> ReadAuditAsync(string tenantId, AuditFilter filter, long afterSequence, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var command = lookups.CreateCommand(SelectAudit);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterSequence });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.ConversationId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.Actor ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.Action ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.From?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.Until?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = take });
        var entries = new List<AuditedEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var entry = new AuditEntry(
                tenantId,
                new DateTimeOffset(reader.GetFieldValue<DateTime>(1), TimeSpan.Zero),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetString(6),
                reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.GetString(9),
                Enum.TryParse<AuditOutcome>(reader.GetString(10), out var outcome) ? outcome : (AuditOutcome)(-1),
                reader.GetString(11));
            entries.Add(new AuditedEntry(reader.GetInt64(0), entry, reader.GetFieldValue<byte[]>(12), reader.GetFieldValue<byte[]>(13)));
        }

        return entries;
    }

    public async Task<AuditStart> ReadAuditStartAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var command = lookups.CreateCommand("""
            SELECT through_sequence, through_hash FROM socialcare_audit_cuts
            WHERE tenant_id = $1 ORDER BY through_sequence DESC LIMIT 1
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new AuditStart(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1))
            : AuditStart.Genesis;
    }

    public async Task<IReadOnlyList<string>> ListAuditTenantsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = lookups.CreateCommand("SELECT tenant_id FROM socialcare_audit_heads ORDER BY tenant_id");
        var tenants = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tenants.Add(reader.GetString(0));
        }

        return tenants;
    }

    /// <remarks>
    /// One transaction that first locks the tenant's chain head, so the cut, concurrent appends
    /// and other silos' retention runs take turns; a cut another silo already made is not made twice.
    /// </remarks>
    public async Task<long> CutAuditAsync(string tenantId, DateTimeOffset olderThan, int segmentSize, Func<AuditStart, long, AuditEntry> recordCut, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recordCut);
        await using var connection = await lookups.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        async Task<T?> ScalarAsync<T>(string sql, params object[] values)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            foreach (var value in values)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            return await command.ExecuteScalarAsync(cancellationToken) is T found ? found : default;
        }

        await ScalarAsync<long>("SELECT sequence FROM socialcare_audit_heads WHERE tenant_id = $1 FOR UPDATE", tenantId);
        // Whole segments, oldest first, while a segment's last entry is older than the limit: one
        // primary-key lookup per segment, never a scan of the trail.
        var cutBefore = await ScalarAsync<long>("SELECT coalesce(max(through_sequence), 0) FROM socialcare_audit_cuts WHERE tenant_id = $1", tenantId);
        var through = cutBefore;
        while (await ScalarAsync<DateTime>("SELECT recorded_at FROM socialcare_audit_entries WHERE tenant_id = $1 AND sequence = $2", tenantId, through + segmentSize) is var at
            && at != default && at < olderThan.UtcDateTime)
        {
            through += segmentSize;
        }

        if (through == cutBefore)
        {
            return 0;
        }

        var hash = await ScalarAsync<byte[]>("SELECT hash FROM socialcare_audit_entries WHERE tenant_id = $1 AND sequence = $2", tenantId, through)
            ?? throw new InvalidDataException($"Tenant {tenantId}'s audit entry {through} is missing: verify the trail before cutting it.");
        var start = new AuditStart(through, hash);
        await ScalarAsync<object>("SET LOCAL socialcare.audit_retention = 'on'");
        var removed = 0L;
        await using (var delete = new NpgsqlCommand("DELETE FROM socialcare_audit_entries WHERE tenant_id = $1 AND sequence <= $2", connection, transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
            delete.Parameters.Add(new NpgsqlParameter<long> { TypedValue = through });
            removed = await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await ScalarAsync<object>(
            "INSERT INTO socialcare_audit_cuts (tenant_id, through_sequence, through_hash, removed) VALUES ($1, $2, $3, $4)",
            tenantId, through, hash, removed);
        await using (var record = new NpgsqlBatch(connection, transaction))
        {
            record.BatchCommands.Add(JournalGroupCommit.AppendAuditCommand([recordCut(start, removed)]));
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    public Task RecordAsync(JournalWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        return groups.WriteAsync(write);
    }

    public Task<StoredState?> LoadConversationAsync(string conversationKey, CancellationToken cancellationToken = default) =>
        reads.ReadAsync(StateTable.Conversations, conversationKey, cancellationToken);

    public async Task<IReadOnlyList<ConversationMessage>> ReadMessagesAsync(
        string conversationKey,
        int afterSequence,
        int throughSequence,
        int take,
        CancellationToken cancellationToken = default)
    {
        await using var command = lookups.CreateCommand(SelectMessages);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = conversationKey });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = afterSequence });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = throughSequence });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = take });
        return await ReadJsonAsync<ConversationMessage>(command, cancellationToken);
    }

    public async Task<IReadOnlyList<QueueItem>> ReadQueueShardAsync(string tenantId, string teamId, int shard, CancellationToken cancellationToken = default)
    {
        await using var command = lookups.CreateCommand(SelectShard);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = teamId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = shard });
        return await ReadJsonAsync<QueueItem>(command, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> FindDueAsync(DateTimeOffset until, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = lookups.CreateCommand(SelectDue);
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = until.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    private static async Task<IReadOnlyList<T>> ReadJsonAsync<T>(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(JsonSerializer.Deserialize<T>(reader.GetString(0), JournalJson.Options)
                ?? throw new InvalidDataException($"A journal row holds JSON null where a {typeof(T).Name} belongs."));
        }

        return rows;
    }
}
