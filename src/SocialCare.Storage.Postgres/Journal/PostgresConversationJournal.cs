using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Queues;
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
