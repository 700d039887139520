[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace SocialCare.Storage.Postgres.Tests;

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
