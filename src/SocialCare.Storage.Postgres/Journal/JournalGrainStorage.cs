using System.Globalization;
using Npgsql;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using SocialCare.Grains.Journal;

namespace SocialCare.Storage.Postgres.Journal;

/// <summary>
/// Orleans grain storage on SocialCare's own table (V004), for the PostgreSQL profile. Writes go
/// through the journal's group commit, so an author's, a customer's and a conversation's writes
/// in flight together share one transaction and one disk flush; the Orleans ADO.NET provider
/// gave each its own; reads are grouped the same way (<see cref="JournalReadGroup"/>). State is serialised with Orleans' binary serializer; the row version is the
/// ETag, and a write over another version fails with <see cref="InconsistentStateException"/>
/// as with any Orleans storage.
/// </summary>
internal sealed class JournalGrainStorage(NpgsqlDataSource lookups, JournalGroupCommit groups, JournalReadGroup reads, Serializer serializer) : IGrainStorage
{
    private const string DeleteState = "DELETE FROM socialcare_grain_states WHERE grain_key = $1 AND version = $2";

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        if (await reads.ReadAsync(StateTable.GrainStates, Key(stateName, grainId)) is { } stored)
        {
            grainState.State = serializer.Deserialize<T>(stored.State);
            grainState.ETag = stored.Version.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var expected = Version(grainState.ETag);
        // The grain's audit entries for this change, if it has any, go in the same transaction.
        await groups.WriteAsync(new GrainStateWrite(Key(stateName, grainId), serializer.SerializeToArray(grainState.State), expected, AuditScope.Take()));
        grainState.ETag = (expected + 1).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        if (grainState.ETag is not null)
        {
            await using var command = lookups.CreateCommand(DeleteState);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Key(stateName, grainId) });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Version(grainState.ETag) });
            if (await command.ExecuteNonQueryAsync() == 0)
            {
                throw new InconsistentStateException($"{Key(stateName, grainId)} changed since version {grainState.ETag} was read.", "newer", grainState.ETag);
            }
        }

        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private static string Key(string stateName, GrainId grainId) => $"{stateName}/{grainId}";

    private static long Version(string? etag) =>
        etag is null ? 0 : long.Parse(etag, NumberStyles.None, CultureInfo.InvariantCulture);
}
