using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Queues;
using SocialCare.Grains.Journal;

namespace SocialCare.Host.Journal;

/// <summary>
/// The conversation journal in PostgreSQL (tables from V002). A change's messages and its queue
/// row go in one batch: one round trip, and PostgreSQL runs a batch as one implicit
/// transaction, so the two never disagree.
/// </summary>
internal sealed class PostgresConversationJournal(NpgsqlDataSource dataSource) : IConversationJournal
{
    private const string AppendMessages = """
        INSERT INTO socialcare_conversation_messages (conversation_key, sequence, received_at, message)
        SELECT $1, m.sequence, m.received_at, m.message
        FROM unnest($2::integer[], $3::timestamptz[], $4::jsonb[]) AS m(sequence, received_at, message)
        ON CONFLICT (conversation_key, sequence)
        DO UPDATE SET received_at = excluded.received_at, message = excluded.message
        """;

    private const string UpsertOpen = """
        INSERT INTO socialcare_open_conversations (conversation_key, tenant_id, team_id, shard, wake_at, item, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6::jsonb, now())
        ON CONFLICT (conversation_key)
        DO UPDATE SET tenant_id = excluded.tenant_id, team_id = excluded.team_id, shard = excluded.shard,
                      wake_at = excluded.wake_at, item = excluded.item, updated_at = excluded.updated_at
        """;

    private const string DeleteOpen = "DELETE FROM socialcare_open_conversations WHERE conversation_key = $1";

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

    public async Task RecordAsync(JournalWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        await using var batch = dataSource.CreateBatch();
        if (write.NewMessages.Count > 0)
        {
            var count = write.NewMessages.Count;
            var sequences = new int[count];
            var received = new DateTime[count];
            var bodies = new string[count];
            for (var i = 0; i < count; i++)
            {
                var message = write.NewMessages[i];
                sequences[i] = message.Sequence;
                received[i] = message.ReceivedAt.UtcDateTime;
                bodies[i] = JsonSerializer.Serialize(message, JournalJson.Options);
            }

            batch.BatchCommands.Add(Command(
                AppendMessages,
                new NpgsqlParameter<string> { TypedValue = write.ConversationKey },
                new NpgsqlParameter<int[]> { TypedValue = sequences },
                new NpgsqlParameter<DateTime[]> { TypedValue = received, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
                new NpgsqlParameter<string[]> { TypedValue = bodies, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb }));
        }

        if (write.Queue is { } entry)
        {
            batch.BatchCommands.Add(Command(
                UpsertOpen,
                new NpgsqlParameter<string> { TypedValue = write.ConversationKey },
                new NpgsqlParameter<string> { TypedValue = entry.TenantId },
                new NpgsqlParameter<string> { TypedValue = entry.TeamId },
                new NpgsqlParameter<int> { TypedValue = entry.Shard },
                entry.WakeAt is { } wake
                    ? new NpgsqlParameter<DateTime> { TypedValue = wake.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz }
                    : new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new NpgsqlParameter<string> { TypedValue = JsonSerializer.Serialize(entry.Item, JournalJson.Options), NpgsqlDbType = NpgsqlDbType.Jsonb }));
        }
        else
        {
            batch.BatchCommands.Add(Command(DeleteOpen, new NpgsqlParameter<string> { TypedValue = write.ConversationKey }));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ConversationMessage>> ReadMessagesAsync(
        string conversationKey,
        int afterSequence,
        int throughSequence,
        int take,
        CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(SelectMessages);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = conversationKey });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = afterSequence });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = throughSequence });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = take });
        return await ReadJsonAsync<ConversationMessage>(command, cancellationToken);
    }

    public async Task<IReadOnlyList<QueueItem>> ReadQueueShardAsync(string tenantId, string teamId, int shard, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(SelectShard);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = teamId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = shard });
        return await ReadJsonAsync<QueueItem>(command, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> FindDueAsync(DateTimeOffset until, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(SelectDue);
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

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
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
