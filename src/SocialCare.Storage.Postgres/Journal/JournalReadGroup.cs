using System.Threading.Channels;
using Npgsql;
using SocialCare.Grains.Journal;

namespace SocialCare.Storage.Postgres.Journal;

/// <summary>The tables whose versioned state rows activations read (V003 and V004).</summary>
internal enum StateTable
{
    Conversations,
    GrainStates,
}

/// <summary>
/// Grouped activation reads: state rows asked for while a read is in flight wait for the next
/// one, and go in together as one <c>= ANY($1)</c> lookup per table, in one round trip. A lone
/// read goes at once. An opening activates three new grains (author, conversation, customer),
/// each reading its row; answered one statement each, those round trips cost the silo and
/// PostgreSQL more CPU than the rows themselves.
/// </summary>
internal sealed class JournalReadGroup : IAsyncDisposable
{
    public const int MaxGroup = 512;

    private static readonly string SelectConversations = Select("socialcare_conversations", "conversation_key");

    private static readonly string SelectGrainStates = Select("socialcare_grain_states", "grain_key");

    private readonly NpgsqlDataSource _dataSource;
    private readonly JournalQueue<Pending> _pending;

    /// <param name="readers">Reads in flight at once: one group fills while the other is answered.</param>
    public JournalReadGroup(NpgsqlDataSource dataSource, int readers = 2)
    {
        _dataSource = dataSource;
        _pending = new JournalQueue<Pending>(nameof(JournalReadGroup), readers, ReadGroupsAsync);
    }

    /// <summary>The stored state and version of one row, or <see langword="null"/> if there is none.</summary>
    public Task<StoredState?> ReadAsync(StateTable table, string key, CancellationToken cancellationToken = default)
    {
        var pending = new Pending(table, key, new(TaskCreationOptions.RunContinuationsAsynchronously));
        if (_pending.Add(pending) is { } refused)
        {
            return Task.FromException<StoredState?>(refused);
        }

        // A cancelled caller stops waiting; the row is still read with its group, and dropped.
        return cancellationToken.CanBeCanceled ? pending.Done.Task.WaitAsync(cancellationToken) : pending.Done.Task;
    }

    public ValueTask DisposeAsync() => _pending.DisposeAsync();

    private async Task ReadGroupsAsync(ChannelReader<Pending> reader)
    {
        var group = new List<Pending>(MaxGroup);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            while (group.Count < MaxGroup && reader.TryRead(out var next))
            {
                group.Add(next);
            }

            if (group.Count == 0)
            {
                continue;
            }

            try
            {
                var found = await ReadRowsAsync(group).ConfigureAwait(false);
                foreach (var pending in group)
                {
                    pending.Done.TrySetResult(found.GetValueOrDefault((pending.Table, pending.Key)));
                }
            }
            catch (Exception failed)
            {
                foreach (var pending in group)
                {
                    pending.Done.TrySetException(failed);
                }
            }
        }
    }

    private async Task<Dictionary<(StateTable, string), StoredState>> ReadRowsAsync(List<Pending> group)
    {
        await using var batch = _dataSource.CreateBatch();
        var tables = new List<StateTable>(2);
        foreach (var table in (ReadOnlySpan<StateTable>)[StateTable.Conversations, StateTable.GrainStates])
        {
            var keys = group.Where(p => p.Table == table).Select(p => p.Key).Distinct(StringComparer.Ordinal).ToArray();
            if (keys.Length > 0)
            {
                var command = new NpgsqlBatchCommand(table == StateTable.Conversations ? SelectConversations : SelectGrainStates);
                command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keys });
                batch.BatchCommands.Add(command);
                tables.Add(table);
            }
        }

        var found = new Dictionary<(StateTable, string), StoredState>();
        await using var rows = await batch.ExecuteReaderAsync().ConfigureAwait(false);
        foreach (var table in tables)
        {
            while (await rows.ReadAsync().ConfigureAwait(false))
            {
                found[(table, rows.GetString(0))] = new StoredState(rows.GetFieldValue<byte[]>(1), rows.GetInt64(2));
            }

            await rows.NextResultAsync().ConfigureAwait(false);
        }

        return found;
    }

    private static string Select(string table, string keyColumn) =>
        $"SELECT {keyColumn}, state, version FROM {table} WHERE {keyColumn} = ANY($1)";

    private sealed record Pending(StateTable Table, string Key, TaskCompletionSource<StoredState?> Done);
}
