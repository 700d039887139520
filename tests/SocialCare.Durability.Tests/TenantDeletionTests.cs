using Npgsql;

namespace SocialCare.Durability.Tests;

/// <summary>
/// A tenant deleted from a two-silo cluster on PostgreSQL leaves no row behind in any SocialCare
/// table, touches no other tenant's rows (one whose id begins with the deleted one's included),
/// and no silo keeps serving what it had in memory.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TenantDeletionTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Deleting_a_tenant_removes_every_row_it_had_and_only_those()
    {
        var connectionString = await postgres.NewDatabaseAsync();
        var cluster = $"erase-{Guid.NewGuid():N}"[..20];
        // Settings cached for half a second, so the deletion waits that long for every silo.
        var settings = new Dictionary<string, string> { ["SocialCare__Grains__TenantCacheDuration"] = "00:00:00.500" };
        await using var silo1 = await HostProcess.StartAsync(connectionString, cluster, HostProcess.FreePorts(), settings);
        await using var silo2 = await HostProcess.StartAsync(connectionString, cluster, HostProcess.FreePorts(), settings);
        CareApi[] apis = [new(silo1.Channel), new(silo2.Channel)];
        const string Doomed = "erase-me";
        const string Neighbour = "erase-me-too";
        foreach (var tenant in new[] { Doomed, Neighbour })
        {
            await apis[0].CreateTenantAsync(tenant, TimeSpan.FromHours(1));
            for (var i = 0; i < 6; i++)
            {
                var opened = await apis[i % 2].Ingest.IngestMentionAsync(new Wire.IngestMentionRequest { Mention = CareApi.Mention(tenant, $"author-{i}", $"tweet-{i}", "My bag never arrived") });
                await apis[(i + 1) % 2].Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = opened.Conversation, AgentId = "jd", Text = "So sorry: we are on it." });
            }

            // Queue shards active on both silos, holding the conversations in memory.
            Assert.Equal(6, (await apis[0].ListWholeQueueAsync(tenant)).Count);
            Assert.Equal(6, (await apis[1].ListWholeQueueAsync(tenant)).Count);
        }

        await using var database = NpgsqlDataSource.Create(connectionString);
        var doomedBefore = await RowsOfAsync(database, Doomed);
        var neighbourBefore = await RowsOfAsync(database, Neighbour);
        Assert.True(doomedBefore.Count >= 8, string.Join(", ", doomedBefore));

        var deleted = await apis[1].Admin.DeleteTenantAsync(new Wire.DeleteTenantRequest { Name = $"tenants/{Doomed}" });

        // What the answer says went is what was there; nothing of it is left, and the neighbour's rows are all still there.
        Assert.Equal(doomedBefore.OrderBy(r => r.Key), deleted.Removed.OrderBy(r => r.Key));
        Assert.Empty(await RowsOfAsync(database, Doomed));
        Assert.Equal(neighbourBefore.OrderBy(r => r.Key), (await RowsOfAsync(database, Neighbour)).OrderBy(r => r.Key));
        Assert.Equal(6, (await apis[0].ListWholeQueueAsync(Neighbour)).Count);

        // The id again: neither silo serves the old queue it held in memory.
        await apis[0].CreateTenantAsync(Doomed, TimeSpan.FromHours(1));
        Assert.Empty(await apis[0].ListWholeQueueAsync(Doomed));
        Assert.Empty(await apis[1].ListWholeQueueAsync(Doomed));
        var reopened = await apis[1].Ingest.IngestMentionAsync(new Wire.IngestMentionRequest { Mention = CareApi.Mention(Doomed, "author-0", "tweet-0", "My bag never arrived") });
        Assert.True(reopened.NewConversation);
    }

    /// <summary>
    /// How many rows of each SocialCare table belong to the tenant, found without the erasure's
    /// own rules: any text column equal to the tenant's id, or a key holding it as one of its
    /// '/'-separated parts (conversation keys "{tenant}/...", grain state keys "{state}/{type}/{tenant}/...").
    /// </summary>
    private static async Task<Dictionary<string, long>> RowsOfAsync(NpgsqlDataSource database, string tenantId)
    {
        var columns = new List<(string Table, string Column)>();
        await using (var find = database.CreateCommand("""
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name LIKE 'socialcare\_%' AND data_type = 'text'
            ORDER BY table_name, column_name
            """))
        await using (var reader = await find.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in columns.GroupBy(c => c.Table))
        {
            var matches = string.Join(" OR ", table.Select(c => $"{c.Column} = $1 OR {c.Column} LIKE $1 || '/%' OR {c.Column} LIKE '%/' || $1 || '/%' OR {c.Column} LIKE '%/' || $1"));
            await using var count = database.CreateCommand($"SELECT count(*) FROM {table.Key} WHERE {matches}");
            count.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
            var found = (long)(await count.ExecuteScalarAsync())!;
            if (found > 0)
            {
                rows[table.Key["socialcare_".Length..]] = found;
            }
        }

        return rows;
    }
}
