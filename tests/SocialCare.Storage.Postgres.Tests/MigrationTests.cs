using Npgsql;
using SocialCare.Storage.Postgres.Migrations;
namespace SocialCare.Storage.Postgres.Tests;

[Collection(PostgresCollection.Name)]
public sealed class MigrationTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Migrations_apply_once_and_a_second_run_is_a_no_op()
    {
        var connectionString = await postgres.NewDatabaseAsync();
        await using var source = NpgsqlDataSource.Create(connectionString);
        var migrator = new SchemaMigrator(source);

        var first = await migrator.MigrateAsync();
        var second = await migrator.MigrateAsync();

        Assert.Equal(SchemaMigrator.Scripts.Select(s => s.Name), first.Select(s => s.Name));
        Assert.Empty(second);
        await using var count = source.CreateCommand("SELECT count(*) FROM orleansquery");
        Assert.Equal(21L, (long)(await count.ExecuteScalarAsync())!);
        await using var versions = source.CreateCommand("SELECT max(version) FROM socialcare_schema_migrations");
        Assert.Equal(SchemaMigrator.LatestVersion, (int)(await versions.ExecuteScalarAsync())!);
    }
}
