using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using SocialCare.Domain.Audit;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Deliveries;
using SocialCare.Domain.Queues;
using SocialCare.Grains.Abstractions.Audit;
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

    /// <summary>
    /// A shard's items in work order (V011's order index), filtered as the listing asks; with
    /// <see cref="ShardCursor"/> appended, only those after a position.
    /// </summary>
    private const string SelectShard = """
        SELECT item FROM socialcare_open_conversations
        WHERE tenant_id = $1 AND team_id = $2 AND shard = $3
          AND (NOT $4 OR item->>'assignedAgentId' IS NULL)
          AND (NOT $5 OR coalesce((item->>'awaitingApproval')::boolean, false))
        """;

    private const string ShardCursor = """

          AND (rank_priority, rank_due, rank_opened, rank_id) > ($7, $8, $9, $10 COLLATE "C")
        """;

    private const string ShardOrder = """

        ORDER BY rank_priority, rank_due, rank_opened, rank_id
        LIMIT $6
        """;

    private const string CountShard = """
        SELECT count(*),
               count(*) FILTER (WHERE item->>'status' = 'Open'),
               count(*) FILTER (WHERE rank_due <= $4 AND NOT coalesce((item->>'slaBreached')::boolean, false))
        FROM socialcare_open_conversations
        WHERE tenant_id = $1 AND team_id = $2 AND shard = $3
        """;

    private const string SelectDue = """
        SELECT conversation_key FROM socialcare_open_conversations
        WHERE wake_at IS NOT NULL AND wake_at <= $1
        ORDER BY wake_at
        LIMIT $2
        """;

    /// <summary>
    /// Takes due rows no other sender is taking (SKIP LOCKED: concurrent senders split the work
    /// instead of queueing on each other's rows) and leases them, in one statement.
    /// </summary>
    private static readonly string LeaseDue = $"""
        WITH due AS (
            SELECT tenant_id, delivery_id FROM socialcare_deliveries
            WHERE tenant_id = $1 AND state IN (1, 2) AND due_at <= $2
              AND (cardinality($3::smallint[]) = 0 OR channel = ANY($3))
              AND (cardinality($4::text[]) = 0 OR account_id = ANY($4))
            ORDER BY due_at
            LIMIT $5
            FOR UPDATE SKIP LOCKED)
        UPDATE socialcare_deliveries d
        SET state = 2, lease_owner = $6, leases = d.leases + 1, due_at = $7
        FROM due
        WHERE d.tenant_id = due.tenant_id AND d.delivery_id = due.delivery_id
        RETURNING {DeliveryRows.Columns("d")}
        """;

    private static readonly string SelectDelivery = $"SELECT {DeliveryRows.Columns()} FROM socialcare_deliveries WHERE tenant_id = $1 AND delivery_id = $2";

    private const string AuditColumns = """
        position, lane, sequence, recorded_at, actor, acted_by, role, location, action, target, conversation_id,
        request_id, outcome, detail, previous_hash, hash
        """;

    /// <summary>
    /// Each lane's next entries after the cursor (by the primary key, the table's only index; see
    /// V006), merged by position.
    /// </summary>
    private const string SelectAudit = """
        SELECT e.position, e.lane, e.sequence, e.recorded_at, e.actor, e.acted_by, e.role, e.location, e.action, e.target,
               e.conversation_id, e.request_id, e.outcome, e.detail, e.previous_hash, e.hash
        FROM socialcare_audit_heads h
        CROSS JOIN LATERAL (
            SELECT * FROM socialcare_audit_entries e
            WHERE e.tenant_id = h.tenant_id AND e.lane = h.lane
              AND e.sequence > coalesce(($2::bigint[])[h.lane + 1], 0)
              AND ($3::text IS NULL OR conversation_id = $3)
              AND ($4::text IS NULL OR actor = $4 OR acted_by = $4)
              AND ($5::text IS NULL OR action = $5)
              AND ($6::timestamptz IS NULL OR recorded_at >= $6)
              AND ($7::timestamptz IS NULL OR recorded_at < $7)
            ORDER BY e.sequence
            LIMIT $8) e
        WHERE h.tenant_id = $1
        ORDER BY e.position
        LIMIT $8
        """;

    private const string SelectAuditLane = $"""
        SELECT {AuditColumns}
        FROM socialcare_audit_entries
        WHERE tenant_id = $1 AND lane = $2 AND sequence > $3
        ORDER BY sequence
        LIMIT $4
        """;

    /// <summary>Each lane, and where its stored entries begin: after its last cut, or the genesis.</summary>
    private const string SelectAuditLanes = """
        SELECT h.lane, coalesce(c.through_sequence, 0), coalesce(c.through_hash, decode(repeat('00', 32), 'hex'))
        FROM socialcare_audit_heads h
        LEFT JOIN LATERAL (
            SELECT through_sequence, through_hash FROM socialcare_audit_cuts c
            WHERE c.tenant_id = h.tenant_id AND c.lane = h.lane
            ORDER BY through_sequence DESC LIMIT 1) c ON true
        WHERE h.tenant_id = $1
        ORDER BY h.lane
        """;

    public Task AppendAuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return entries.Count == 0 ? Task.CompletedTask : groups.WriteAuditAsync(entries);
    }

    public async Task<IReadOnlyList<AuditedEntry>> ReadAuditAsync(string tenantId, AuditFilter filter, AuditCursor after, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(after);
        await using var command = lookups.CreateCommand(SelectAudit);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = after.After });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.ConversationId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.Actor ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.Action ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.From?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.Until?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = take });
        return await ReadAuditedAsync(tenantId, command, cancellationToken);
    }

    public async Task<IReadOnlyList<AuditedEntry>> ReadAuditLaneAsync(string tenantId, int lane, long afterSequence, int take, CancellationToken cancellationToken = default)
    {
        await using var command = lookups.CreateCommand(SelectAuditLane);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = checked((short)lane) });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterSequence });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = take });
        return await ReadAuditedAsync(tenantId, command, cancellationToken);
    }

    public async Task<IReadOnlyList<AuditLaneHead>> ReadAuditLanesAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var command = lookups.CreateCommand(SelectAuditLanes);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        var lanes = new List<AuditLaneHead>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lanes.Add(new AuditLaneHead(reader.GetInt16(0), reader.GetInt64(1), reader.GetFieldValue<byte[]>(2)));
        }

        return lanes;
    }

    public async Task<IReadOnlyList<string>> ListAuditTenantsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = lookups.CreateCommand("SELECT DISTINCT tenant_id FROM socialcare_audit_heads ORDER BY tenant_id");
        return await ReadStringsAsync(command, cancellationToken);
    }

    /// <remarks>
    /// One transaction that first locks every lane's head of the tenant, so the cut, concurrent
    /// appends and other silos' retention runs take turns; a cut another silo already made is not
    /// made twice. Finding what to cut is one primary-key lookup per segment, never a scan.
    /// </remarks>
    public async Task<long> CutAuditAsync(string tenantId, DateTimeOffset olderThan, int segmentSize, Func<AuditLaneHead, long, AuditEntry> recordCut, CancellationToken cancellationToken = default)
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

        var lanes = new List<short>();
        await using (var lockLanes = new NpgsqlCommand("SELECT lane FROM socialcare_audit_heads WHERE tenant_id = $1 ORDER BY lane FOR UPDATE", connection, transaction))
        {
            lockLanes.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
            await using var reader = await lockLanes.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                lanes.Add(reader.GetInt16(0));
            }
        }

        // Only this transaction may delete entries, and only the segments it records as cut.
        await ScalarAsync<object>("SET LOCAL socialcare.audit_retention = 'on'");
        var cuts = new List<(AuditLaneHead Start, long Removed)>();
        foreach (var lane in lanes)
        {
            var cutBefore = await ScalarAsync<long>("SELECT coalesce(max(through_sequence), 0) FROM socialcare_audit_cuts WHERE tenant_id = $1 AND lane = $2", tenantId, lane);
            var through = cutBefore;
            while (await ScalarAsync<DateTime>("SELECT recorded_at FROM socialcare_audit_entries WHERE tenant_id = $1 AND lane = $2 AND sequence = $3", tenantId, lane, through + segmentSize) is var at
                && at != default && at < olderThan.UtcDateTime)
            {
                through += segmentSize;
            }

            if (through == cutBefore)
            {
                continue;
            }

            var hash = await ScalarAsync<byte[]>("SELECT hash FROM socialcare_audit_entries WHERE tenant_id = $1 AND lane = $2 AND sequence = $3", tenantId, lane, through)
                ?? throw new InvalidDataException($"Tenant {tenantId}'s audit entry {through} of lane {lane} is missing: verify the trail before cutting it.");
            await using var delete = new NpgsqlCommand("DELETE FROM socialcare_audit_entries WHERE tenant_id = $1 AND lane = $2 AND sequence <= $3", connection, transaction);
            delete.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
            delete.Parameters.Add(new NpgsqlParameter<short> { TypedValue = lane });
            delete.Parameters.Add(new NpgsqlParameter<long> { TypedValue = through });
            var removed = (long)await delete.ExecuteNonQueryAsync(cancellationToken);
            await ScalarAsync<object>(
                "INSERT INTO socialcare_audit_cuts (tenant_id, lane, through_sequence, through_hash, removed) VALUES ($1, $2, $3, $4, $5)",
                tenantId, lane, through, hash, removed);
            cuts.Add((new AuditLaneHead(lane, through, hash), removed));
        }

        if (cuts.Count == 0)
        {
            return 0;
        }

        await using (var record = new NpgsqlBatch(connection, transaction))
        {
            record.BatchCommands.Add(JournalGroupCommit.AppendAuditCommand([.. cuts.Select(c => recordCut(c.Start, c.Removed))]));
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return cuts.Sum(c => c.Removed);
    }

    private static async Task<IReadOnlyList<AuditedEntry>> ReadAuditedAsync(string tenantId, NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var entries = new List<AuditedEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var entry = new AuditEntry(
                tenantId,
                new DateTimeOffset(reader.GetFieldValue<DateTime>(3), TimeSpan.Zero),
                reader.GetString(4),
                OptionalString(reader, 5),
                reader.GetString(6),
                reader.GetString(7),
                reader.GetString(8),
                reader.GetString(9),
                OptionalString(reader, 10),
                reader.GetString(11),
                Enum.TryParse<AuditOutcome>(reader.GetString(12), out var outcome) ? outcome : (AuditOutcome)(-1),
                reader.GetString(13));
            entries.Add(new AuditedEntry(reader.GetInt64(0), reader.GetInt16(1), reader.GetInt64(2), entry, reader.GetFieldValue<byte[]>(14), reader.GetFieldValue<byte[]>(15)));
        }

        return entries;
    }

    public Task RecordAsync(JournalWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        return groups.WriteAsync(write);
    }

    public Task<StoredState?> LoadConversationAsync(string conversationKey, CancellationToken cancellationToken = default) =>
        reads.ReadAsync(StateTable.Conversations, conversationKey, cancellationToken);

    private const string SelectReceived = """
        SELECT conversation_key, sequence FROM socialcare_network_messages
        WHERE tenant_id = $1 AND channel = $2 AND account_id = $3 AND network_message_id = $4
        """;

    public async Task<StoredPlace?> FindReceivedAsync(NetworkMessageKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var command = lookups.CreateCommand(SelectReceived);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.TenantId });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)key.Channel });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.AccountId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.NetworkMessageId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new StoredPlace(reader.GetString(0), reader.GetInt32(1)) : null;
    }

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

    public async Task<IReadOnlyList<QueueItem>> ReadQueueShardAsync(
        string tenantId,
        string teamId,
        int shard,
        QueuePosition? after,
        int take,
        QueueFilter filter,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var command = lookups.CreateCommand(after is null ? SelectShard + ShardOrder : SelectShard + ShardCursor + ShardOrder);
        AddShard(command, tenantId, teamId, shard);
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = filter.UnassignedOnly });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = filter.AwaitingApprovalOnly });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = take });
        if (after is { } cursor)
        {
            // The same values the group commit writes into the rank columns.
            command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)cursor.Priority });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = cursor.DueAt.UtcTicks });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = cursor.OpenedAt.UtcTicks });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = cursor.ConversationId });
        }

        return await ReadJsonAsync<QueueItem>(command, cancellationToken);
    }

    public async Task<QueueShardCount> CountQueueShardAsync(string tenantId, string teamId, int shard, DateTimeOffset atRiskBy, CancellationToken cancellationToken = default)
    {
        await using var command = lookups.CreateCommand(CountShard);
        AddShard(command, tenantId, teamId, shard);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = atRiskBy.UtcTicks });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new QueueShardCount(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private static void AddShard(NpgsqlCommand command, string tenantId, string teamId, int shard)
    {
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = teamId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = shard });
    }

    public async Task<IReadOnlyList<Delivery>> LeaseDeliveriesAsync(DeliveryLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        await using var command = lookups.CreateCommand(LeaseDue);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = lease.TenantId });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = lease.Now.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = [.. lease.Request.Channels.Select(c => (short)c)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. lease.Request.AccountIds] });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = lease.Request.Take });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = lease.Request.Owner });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = lease.Until.UtcDateTime });
        var leased = await DeliveryRows.ReadAsync(command, cancellationToken);
        // RETURNING gives rows in no particular order; senders take the most overdue first.
        return [.. leased.OrderBy(d => d.DueAt)];
    }

    public async Task<Delivery?> ReadDeliveryAsync(string tenantId, string deliveryId, CancellationToken cancellationToken = default)
    {
        await using var command = lookups.CreateCommand(SelectDelivery);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = deliveryId });
        return (await DeliveryRows.ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    private static string? OptionalString(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    public async Task<IReadOnlyList<string>> FindDueAsync(DateTimeOffset until, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = lookups.CreateCommand(SelectDue);
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = until.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return await ReadStringsAsync(command, cancellationToken);
    }

    /// <summary>The first column of every row, as text.</summary>
    private static async Task<IReadOnlyList<string>> ReadStringsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(reader.GetString(0));
        }

        return values;
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
