using Npgsql;
using NpgsqlTypes;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Deliveries;

namespace SocialCare.Storage.Postgres.Journal;

/// <summary>
/// The outbox row (socialcare_deliveries, V007 and V009) mapped in one place: which columns a
/// reply's write inserts, their order and array types, which the sender's lease adds, and how a
/// row reads back as a <see cref="Delivery"/>. The insert, the reads and the lease's RETURNING are
/// all built from these lists, so a column cannot be added to one and forgotten in another.
/// </summary>
internal static class DeliveryRows
{
    private sealed record Column(string Name, string ArrayType, Func<IReadOnlyList<Delivery>, NpgsqlParameter> Values);

    /// <summary>What a conversation's write stores, in the insert's order.</summary>
    private static readonly Column[] Written =
    [
        new("tenant_id", "text[]", d => Array(d, x => x.TenantId)),
        new("delivery_id", "text[]", d => Array(d, x => x.DeliveryId)),
        new("conversation_id", "text[]", d => Array(d, x => x.ConversationId)),
        new("message_sequence", "integer[]", d => Array(d, x => x.MessageSequence)),
        new("channel", "smallint[]", d => Array(d, x => (short)x.Channel)),
        new("account_id", "text[]", d => Array(d, x => x.AccountId)),
        new("visibility", "smallint[]", d => Array(d, x => (short)x.Visibility)),
        new("in_reply_to", "text[]", d => Array(d, x => x.InReplyToId)),
        new("recipient_id", "text[]", d => Array(d, x => x.RecipientId)),
        new("body", "text[]", d => Array(d, x => x.Text)),
        new("state", "smallint[]", d => Array(d, x => (short)x.State)),
        new("failed_attempts", "integer[]", d => Array(d, x => x.FailedAttempts)),
        new("due_at", "timestamptz[]", d => Array(d, x => x.DueAt?.UtcDateTime, NpgsqlDbType.TimestampTz)),
        new("created_at", "timestamptz[]", d => Array(d, x => x.CreatedAt.UtcDateTime, NpgsqlDbType.TimestampTz)),
        new("network_message_id", "text[]", d => Array(d, x => x.NetworkMessageId)),
        new("sent_at", "timestamptz[]", d => Array(d, x => x.SentAt?.UtcDateTime, NpgsqlDbType.TimestampTz)),
        new("last_error", "text[]", d => Array(d, x => x.LastError)),
        new("answers_private", "boolean[]", d => Array(d, x => x.AnswersPrivateMessage)),
        new("retracts", "text[]", d => Array(d, x => x.Retracts)),
    ];

    /// <summary>Every column a read returns: the written ones, then the lease's (set by senders, never by a conversation's write).</summary>
    private static readonly string[] Read = [.. Written.Select(c => c.Name), "lease_owner", "leases"];

    /// <summary>
    /// A group's outbox rows, inserted whole with their messages; afterwards a conversation writes
    /// only the state a sender's report leaves, which ends the lease.
    /// </summary>
    public static readonly string Upsert = $"""
        INSERT INTO socialcare_deliveries ({string.Join(", ", Written.Select(c => c.Name))})
        SELECT * FROM unnest({string.Join(", ", Written.Select((c, i) => $"${i + 1}::{c.ArrayType}"))})
        ON CONFLICT (tenant_id, delivery_id) DO UPDATE
            SET state = excluded.state, failed_attempts = excluded.failed_attempts, due_at = excluded.due_at, lease_owner = NULL,
                network_message_id = excluded.network_message_id, sent_at = excluded.sent_at, last_error = excluded.last_error
        """;

    /// <summary>The columns to select for <see cref="ReadAsync"/>, each prefixed with <paramref name="alias"/> and a dot if given.</summary>
    public static string Columns(string? alias = null) => string.Join(", ", Read.Select(c => alias is null ? c : $"{alias}.{c}"));

    /// <summary><see cref="Upsert"/>'s parameters for a group's deliveries.</summary>
    public static NpgsqlParameter[] Parameters(IReadOnlyList<Delivery> deliveries) => [.. Written.Select(c => c.Values(deliveries))];

    /// <summary>The rows of a command that selected <see cref="Columns"/>, as deliveries.</summary>
    public static async Task<IReadOnlyList<Delivery>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var deliveries = new List<Delivery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            deliveries.Add(new Delivery(
                reader.GetString(Ordinal("tenant_id")),
                reader.GetString(Ordinal("delivery_id")),
                reader.GetString(Ordinal("conversation_id")),
                reader.GetInt32(Ordinal("message_sequence")),
                (Channel)reader.GetInt16(Ordinal("channel")),
                reader.GetString(Ordinal("account_id")),
                (Visibility)reader.GetInt16(Ordinal("visibility")),
                OptionalString(reader, "in_reply_to"),
                OptionalString(reader, "recipient_id"),
                reader.GetString(Ordinal("body")),
                (DeliveryState)reader.GetInt16(Ordinal("state")),
                reader.GetInt32(Ordinal("failed_attempts")),
                OptionalTime(reader, "due_at"),
                reader.GetFieldValue<DateTimeOffset>(Ordinal("created_at")))
            {
                LeaseOwner = OptionalString(reader, "lease_owner"),
                Leases = reader.GetInt32(Ordinal("leases")),
                NetworkMessageId = OptionalString(reader, "network_message_id"),
                SentAt = OptionalTime(reader, "sent_at"),
                LastError = OptionalString(reader, "last_error"),
                AnswersPrivateMessage = reader.GetBoolean(Ordinal("answers_private")),
                Retracts = OptionalString(reader, "retracts"),
            });
        }

        return deliveries;
    }

    /// <summary>A column's place in <see cref="Columns"/>: reading by the same list the select was built from.</summary>
    private static int Ordinal(string column) => Ordinals[column];

    private static readonly Dictionary<string, int> Ordinals = Read.Select((name, i) => (name, i)).ToDictionary(c => c.name, c => c.i, StringComparer.Ordinal);

    private static string? OptionalString(NpgsqlDataReader reader, string column) =>
        reader.IsDBNull(Ordinal(column)) ? null : reader.GetString(Ordinal(column));

    private static DateTimeOffset? OptionalTime(NpgsqlDataReader reader, string column) =>
        reader.IsDBNull(Ordinal(column)) ? null : reader.GetFieldValue<DateTimeOffset>(Ordinal(column));

    private static NpgsqlParameter<T[]> Array<T>(IReadOnlyList<Delivery> deliveries, Func<Delivery, T> value, NpgsqlDbType? elementType = null) =>
        JournalGroupCommit.Array(deliveries.Select(value), elementType);
}
