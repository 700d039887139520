using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using SocialCare.Storage.Postgres.Journal;
using SocialCare.Storage.Postgres.Migrations;

namespace SocialCare.Storage.Postgres.Tests;

/// <summary>Grain state on SocialCare's own table, written through the journal's group commit.</summary>
[Collection(PostgresCollection.Name)]
public sealed class GrainStateTests(PostgresFixture postgres)
{
    private static readonly GrainId Author = GrainId.Create("author", "brand/x/customer-1");

    [Fact]
    public async Task State_round_trips_with_its_version_as_the_etag_and_a_stale_writer_is_refused()
    {
        await using var source = NpgsqlDataSource.Create(await postgres.NewDatabaseAsync());
        await new SchemaMigrator(source).MigrateAsync();
        await using var groups = new JournalGroupCommit(source);
        await using var reads = new JournalReadGroup(source);
        await using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var storage = new JournalGrainStorage(source, groups, reads, services.GetRequiredService<Serializer>());

        var fresh = new GrainState<List<string>>([]);
        await storage.ReadStateAsync("author", Author, fresh);
        Assert.False(fresh.RecordExists);
        Assert.Null(fresh.ETag);

        var writer = new GrainState<List<string>>(["m-1"]);
        await storage.WriteStateAsync("author", Author, writer);
        writer.State!.Add("m-2");
        await storage.WriteStateAsync("author", Author, writer);
        Assert.Equal("2", writer.ETag);

        var reader = new GrainState<List<string>>([]);
        await storage.ReadStateAsync("author", Author, reader);
        Assert.True(reader.RecordExists);
        Assert.Equal(["m-1", "m-2"], reader.State);
        Assert.Equal("2", reader.ETag);

        // The first read (no record) is now stale, and so is a copy of version 1.
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("author", Author, fresh));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("author", Author, new GrainState<List<string>>(["x"]) { ETag = "1" }));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("author", Author, new GrainState<List<string>>([]) { ETag = "1" }));

        await storage.ClearStateAsync("author", Author, reader);
        Assert.False(reader.RecordExists);
        var afterClear = new GrainState<List<string>>([]);
        await storage.ReadStateAsync("author", Author, afterClear);
        Assert.False(afterClear.RecordExists);
    }
}
