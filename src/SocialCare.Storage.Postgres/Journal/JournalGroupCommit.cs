using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;
using Orleans.Storage;
using SocialCare.Domain.Audit;
using SocialCare.Grains.Journal;

namespace SocialCare.Storage.Postgres.Journal;

/// <summary>
/// Group commit for the journal: conversation changes (and grain states, see
/// <see cref="JournalGrainStorage"/>) that arrive while transactions are being written wait for
/// the next one, and go in together: one transaction of at most eight statements (grain states,
/// conversation states with their version check, customer messages' network keys, messages, queue rows, removed queue rows, the
/// replies' outbox rows, and the changes' audit entries, chained per tenant) for up to <see cref="MaxGroup"/> changes. A lone change is written at once, so an idle desk adds no
/// delay; under load, one disk flush and one round trip serve a whole group instead of one
/// change each. Every caller is answered only after
/// its group committed. If a group fails (one stale version refuses the whole transaction), each
/// of its changes is retried alone, so only the stale one fails.
/// </summary>
internal sealed class JournalGroupCommit : IAsyncDisposable
{
    public const int MaxGroup = 256;

    private static readonly string WriteConversationStates = StateUpsert("socialcare_conversations", "conversation_key");

    private static readonly string WriteGrainStates = StateUpsert("socialcare_grain_states", "grain_key");

    private const string AppendMessages = """
        INSERT INTO socialcare_conversation_messages (conversation_key, sequence, received_at, message)
        SELECT * FROM unnest($1::text[], $2::integer[], $3::timestamptz[], $4::jsonb[])
        ON CONFLICT (conversation_key, sequence)
        DO UPDATE SET received_at = excluded.received_at, message = excluded.message
        """;

    /// <summary>
    /// Claims each customer message's network key (V012): a key already stored at another place
    /// refuses the transaction, so nothing of a redelivered message's write is stored.
    /// </summary>
    private const string ClaimNetworkMessages = """
        INSERT INTO socialcare_network_messages AS stored (tenant_id, channel, account_id, network_message_id, conversation_key, sequence)
        SELECT * FROM unnest($1::text[], $2::smallint[], $3::text[], $4::text[], $5::text[], $6::integer[])
        ON CONFLICT (tenant_id, channel, account_id, network_message_id) DO UPDATE SET sequence = excluded.sequence
        WHERE socialcare_refuse_stored_message(stored.conversation_key, stored.sequence, excluded.conversation_key, excluded.sequence)
        """;

    private const string FindNetworkMessages = """
        SELECT n.tenant_id, n.channel, n.account_id, n.network_message_id, n.conversation_key, n.sequence
        FROM socialcare_network_messages n
        JOIN unnest($1::text[], $2::smallint[], $3::text[], $4::text[]) AS k(t, c, a, m)
          ON n.tenant_id = k.t AND n.channel = k.c AND n.account_id = k.a AND n.network_message_id = k.m
        """;

    internal const string NetworkMessageConstraint = "socialcare_network_messages_pk";

    private const string UpsertOpen = """
        INSERT INTO socialcare_open_conversations (conversation_key, tenant_id, team_id, shard, wake_at, item, updated_at,
            rank_priority, rank_due, rank_opened, rank_id)
        SELECT k, t, m, s, w, i, now(), rp, rd, ro, ri
        FROM unnest($1::text[], $2::text[], $3::text[], $4::integer[], $5::timestamptz[], $6::jsonb[],
            $7::smallint[], $8::bigint[], $9::bigint[], $10::text[]) AS u(k, t, m, s, w, i, rp, rd, ro, ri)
        ON CONFLICT (conversation_key)
        DO UPDATE SET tenant_id = excluded.tenant_id, team_id = excluded.team_id, shard = excluded.shard,
                      wake_at = excluded.wake_at, item = excluded.item, updated_at = excluded.updated_at,
                      rank_priority = excluded.rank_priority, rank_due = excluded.rank_due,
                      rank_opened = excluded.rank_opened, rank_id = excluded.rank_id
        """;

    private const string DeleteOpen = "DELETE FROM socialcare_open_conversations WHERE conversation_key = ANY($1)";

    private const string AppendAudit = "SELECT socialcare_append_audit($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";

    /// <summary>Numbers audit-only writes, which never collide with each other in a group.</summary>
    private long _auditWrites;

    private readonly NpgsqlDataSource _dataSource;
    private readonly JournalQueue<Pending> _pending;

    /// <param name="writers">
    /// Groups in flight at once. Two let one group fill while the other waits for its disk
    /// flush; a conversation never has two changes in flight (its grain awaits each write), so
    /// concurrent groups never hold the same conversation.
    /// </param>
    public JournalGroupCommit(NpgsqlDataSource dataSource, int writers = 2)
    {
        _dataSource = dataSource;
        _pending = new JournalQueue<Pending>(nameof(JournalGroupCommit), writers, WriteGroupsAsync);
    }

    public Task WriteAsync(JournalWrite write) => Enqueue(new Pending("conversation:" + write.ConversationKey, write, null, write.Audit ?? [], NewDone()));

    /// <summary>Stores a grain's state (see <see cref="JournalGrainStorage"/>) in the next group.</summary>
    public Task WriteAsync(GrainStateWrite write) => Enqueue(new Pending("grain:" + write.GrainKey, null, write, write.Audit, NewDone()));

    /// <summary>Appends audit entries that record no change (a refused call) in the next group.</summary>
    public Task WriteAuditAsync(IReadOnlyList<AuditEntry> entries) =>
        Enqueue(new Pending("audit:" + Interlocked.Increment(ref _auditWrites).ToString(CultureInfo.InvariantCulture), null, null, entries, NewDone()));

    private static TaskCompletionSource NewDone() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Task Enqueue(Pending pending) =>
        _pending.Add(pending) is { } refused ? Task.FromException(refused) : pending.Done.Task;

    public ValueTask DisposeAsync() => _pending.DisposeAsync();

    /// <summary>
    /// The statements that store a group (distinct conversations and grains) in one transaction.
    /// </summary>
    private static NpgsqlBatch Batch(NpgsqlDataSource dataSource, IReadOnlyList<Pending> group)
    {
        var batch = dataSource.CreateBatch();
        var grains = group.Where(p => p.Grain is not null).Select(p => p.Grain!).ToList();
        if (grains.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                WriteGrainStates,
                Array(grains.Select(g => g.GrainKey)),
                Array(grains.Select(g => g.ExpectedVersion)),
                Array(grains.Select(g => g.State))));
        }

        var writes = group.Where(p => p.Journal is not null).Select(p => p.Journal!).ToList();
        var states = writes.Where(w => w.State is not null).ToList();
        if (states.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                WriteConversationStates,
                Array(states.Select(w => w.ConversationKey)),
                Array(states.Select(w => w.State!.ExpectedVersion)),
                Array(states.Select(w => w.State!.State))));
        }

        var received = writes.SelectMany(w => (w.Received ?? []).Select(r => (w.ConversationKey, Received: r))).ToList();
        if (received.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                ClaimNetworkMessages,
                Array(received.Select(r => r.Received.Key.TenantId)),
                Array(received.Select(r => (short)r.Received.Key.Channel)),
                Array(received.Select(r => r.Received.Key.AccountId)),
                Array(received.Select(r => r.Received.Key.NetworkMessageId)),
                Array(received.Select(r => r.ConversationKey)),
                Array(received.Select(r => r.Received.Sequence))));
        }

        // JSON columns are sent as UTF-8 bytes: half a string's size, and Npgsql sends them as they are.
        var messages = writes.SelectMany(w => w.NewMessages.Select(m => (w.ConversationKey, Message: m))).ToList();
        if (messages.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                AppendMessages,
                Array(messages.Select(m => m.ConversationKey)),
                Array(messages.Select(m => m.Message.Sequence)),
                Array(messages.Select(m => m.Message.ReceivedAt.UtcDateTime), NpgsqlDbType.TimestampTz),
                Array(messages.Select(m => JsonSerializer.SerializeToUtf8Bytes(m.Message, JournalJson.Options)), NpgsqlDbType.Jsonb)));
        }

        var open = writes.Where(w => w.Queue is not null).ToList();
        if (open.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                UpsertOpen,
                Array(open.Select(w => w.ConversationKey)),
                Array(open.Select(w => w.Queue!.TenantId)),
                Array(open.Select(w => w.Queue!.TeamId)),
                Array(open.Select(w => w.Queue!.Shard)),
                Array(open.Select(w => w.Queue!.WakeAt?.UtcDateTime), NpgsqlDbType.TimestampTz),
                Array(open.Select(w => JsonSerializer.SerializeToUtf8Bytes(w.Queue!.Item, JournalJson.Options)), NpgsqlDbType.Jsonb),
                Array(open.Select(w => (short)w.Queue!.Item.Position.Priority)),
                Array(open.Select(w => w.Queue!.Item.Position.DueAt.UtcTicks)),
                Array(open.Select(w => w.Queue!.Item.Position.OpenedAt.UtcTicks)),
                Array(open.Select(w => w.Queue!.Item.ConversationId))));
        }

        var closed = writes.Where(w => w.Queue is null).ToList();
        if (closed.Count > 0)
        {
            batch.BatchCommands.Add(Command(DeleteOpen, Array(closed.Select(w => w.ConversationKey))));
        }

        var deliveries = writes.SelectMany(w => w.Deliveries ?? []).ToList();
        if (deliveries.Count > 0)
        {
            batch.BatchCommands.Add(Command(DeliveryRows.Upsert, DeliveryRows.Parameters(deliveries)));
        }

        // Last, so a tenant's chain head is locked only from here to the commit; by tenant, so
        // concurrent groups (this silo's other writer, other silos) lock heads in one order.
        var audit = group.SelectMany(p => p.Audit).OrderBy(e => e.TenantId, StringComparer.Ordinal).ToList();
        if (audit.Count > 0)
        {
            batch.BatchCommands.Add(AppendAuditCommand(audit));
        }

        return batch;
    }

    /// <summary>Appends entries, already in tenant order, to their tenants' chains (see V006's socialcare_append_audit).</summary>
    internal static NpgsqlBatchCommand AppendAuditCommand(IReadOnlyList<AuditEntry> audit) =>
        Command(
            AppendAudit,
            Array(audit.Select(e => e.TenantId)),
            Array(audit.Select(e => e.At.UtcDateTime), NpgsqlDbType.TimestampTz),
            Array(audit.Select(e => e.Actor)),
            Array(audit.Select(e => e.ActedBy)),
            Array(audit.Select(e => e.Role)),
            Array(audit.Select(e => e.Location)),
            Array(audit.Select(e => e.Action)),
            Array(audit.Select(e => e.Target)),
            Array(audit.Select(e => e.ConversationId)),
            Array(audit.Select(e => e.RequestId)),
            Array(audit.Select(e => e.Outcome.ToString())),
            Array(audit.Select(e => e.Detail)),
            Array(audit.Select(e => e.Digest())));

    private async Task WriteGroupsAsync(ChannelReader<Pending> reader)
    {
        var group = new List<Pending>(MaxGroup);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var deferred = new Queue<Pending>();
        while (deferred.Count > 0 || await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            keys.Clear();
            // A conversation waits for its own write before its next change, so two changes of
            // one conversation in a group are rare (a retry after a timeout); the later one waits
            // for the next group, keeping each statement's rows distinct and in order.
            var carried = deferred.Count;
            for (var i = 0; i < carried; i++)
            {
                Place(deferred.Dequeue());
            }

            while (group.Count < MaxGroup && reader.TryRead(out var next))
            {
                Place(next);
            }

            if (group.Count > 0)
            {
                await CommitAsync(group).ConfigureAwait(false);
            }
        }

        void Place(Pending pending)
        {
            if (group.Count < MaxGroup && keys.Add(pending.GroupKey))
            {
                group.Add(pending);
            }
            else
            {
                deferred.Enqueue(pending);
            }
        }
    }

    /// <summary>
    /// How grouping behaves, on the "SocialCare" meter: how many changes each commit carries and
    /// how long the commit takes. A group size near 1 under load says the database answers
    /// faster than changes arrive; a commit latency that grows says it is the limit.
    /// </summary>
    private static readonly System.Diagnostics.Metrics.Meter Meter = new("SocialCare");

    private static readonly System.Diagnostics.Metrics.Histogram<int> GroupSize = Meter.CreateHistogram<int>(
        "socialcare.journal.group.size", "{change}", "Changes written in one grouped commit.", advice: new() { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] });

    private static readonly System.Diagnostics.Metrics.Histogram<double> CommitDuration = Meter.CreateHistogram<double>(
        "socialcare.journal.commit.duration", "s", "Time one grouped commit took, from sending it to PostgreSQL's answer.", advice: new() { HistogramBucketBoundaries = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5] });

    private async Task CommitAsync(List<Pending> group)
    {
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await ExecuteAsync(group).ConfigureAwait(false);
            GroupSize.Record(group.Count);
            CommitDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
            foreach (var pending in group)
            {
                pending.Done.TrySetResult();
            }
        }
        catch (Exception failed) when (group.Count > 1 && failed is NpgsqlException or InconsistentStateException)
        {
            // Nothing of the group was stored. Alone, each change stands or falls by itself.
            await Task.WhenAll(group.Select(async pending =>
            {
                try
                {
                    await ExecuteAsync([pending]).ConfigureAwait(false);
                    pending.Done.TrySetResult();
                }
                catch (Exception alone)
                {
                    pending.Done.TrySetException(alone);
                }
            })).ConfigureAwait(false);
        }
        catch (Exception failed)
        {
            foreach (var pending in group)
            {
                pending.Done.TrySetException(failed);
            }
        }
    }

    private async Task ExecuteAsync(IReadOnlyList<Pending> group)
    {
        await using var batch = Batch(_dataSource, group);
        try
        {
            await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch (PostgresException stale) when (stale.SqlState == PostgresErrorCodes.SerializationFailure)
        {
            var expected = group.Count == 1 ? group[0].Journal?.State?.ExpectedVersion ?? group[0].Grain?.ExpectedVersion : null;
            throw new InconsistentStateException(stale.MessageText, "newer", expected?.ToString(CultureInfo.InvariantCulture) ?? "read", stale);
        }
        catch (PostgresException stored) when (stored.SqlState == PostgresErrorCodes.UniqueViolation && stored.ConstraintName == NetworkMessageConstraint
            && group is [{ Journal: { Received: { Count: > 0 } received } write }])
        {
            throw await StoredElsewhereAsync(write.ConversationKey, received, stored).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Which of a refused write's customer messages is stored, and where: read after the refusal
    /// (a redelivery is rare, so the write itself carries no extra read).
    /// </summary>
    private async Task<Exception> StoredElsewhereAsync(string conversationKey, IReadOnlyList<ReceivedMessage> received, PostgresException refusal)
    {
        await using var command = _dataSource.CreateCommand(FindNetworkMessages);
        command.Parameters.Add(Array(received.Select(r => r.Key.TenantId)));
        command.Parameters.Add(Array(received.Select(r => (short)r.Key.Channel)));
        command.Parameters.Add(Array(received.Select(r => r.Key.AccountId)));
        command.Parameters.Add(Array(received.Select(r => r.Key.NetworkMessageId)));
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            var key = new NetworkMessageKey(reader.GetString(0), (Domain.Conversations.Channel)reader.GetInt16(1), reader.GetString(2), reader.GetString(3));
            var (storedIn, sequence) = (reader.GetString(4), reader.GetInt32(5));
            if (received.Any(r => r.Key == key && (storedIn != conversationKey || sequence != r.Sequence)))
            {
                return new NetworkMessageStoredException(key, storedIn, sequence, refusal);
            }
        }

        // The claim that refused the write is gone (nothing removes claims, so this is not expected).
        return refusal;
    }

    /// <summary>
    /// A versioned upsert of serialised states: each row names the version it read (0 = never
    /// stored) and is refused, failing the whole transaction, if the stored version differs.
    /// </summary>
    private static string StateUpsert(string table, string keyColumn) => $"""
        WITH input AS (
            SELECT * FROM unnest($1::text[], $2::bigint[], $3::bytea[]) AS i(state_key, expected_version, state)),
        written AS (
            INSERT INTO {table} ({keyColumn}, version, state, updated_at)
            SELECT state_key, expected_version + 1, state, now() FROM input
            ON CONFLICT ({keyColumn}) DO UPDATE
                SET version = excluded.version, state = excluded.state, updated_at = excluded.updated_at
                WHERE {table}.version = excluded.version - 1
            RETURNING {keyColumn})
        SELECT socialcare_refuse_stale_write(i.state_key, i.expected_version)
        FROM input i
        WHERE NOT EXISTS (SELECT 1 FROM written w WHERE w.{keyColumn} = i.state_key)
        """;

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    /// <summary>One array parameter of an unnest insert (see <see cref="DeliveryRows"/> too).</summary>
    internal static NpgsqlParameter<T[]> Array<T>(IEnumerable<T> values, NpgsqlDbType? elementType = null)
    {
        var parameter = new NpgsqlParameter<T[]> { TypedValue = [.. values] };
        if (elementType is { } type)
        {
            parameter.NpgsqlDbType = NpgsqlDbType.Array | type;
        }

        return parameter;
    }

    /// <summary>A change waiting for its group: a conversation's or a grain's (never both) or audit entries alone, with the entries that record it.</summary>
    private sealed record Pending(string GroupKey, JournalWrite? Journal, GrainStateWrite? Grain, IReadOnlyList<AuditEntry> Audit, TaskCompletionSource Done);
}

/// <summary>A grain's serialised state, the version it replaces (0 = never stored), and the audit entries of the change.</summary>
internal sealed record GrainStateWrite(string GrainKey, byte[] State, long ExpectedVersion, IReadOnlyList<AuditEntry> Audit);
