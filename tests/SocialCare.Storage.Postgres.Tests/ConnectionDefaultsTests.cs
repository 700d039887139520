using Npgsql;
using SocialCare.Storage.Postgres;

namespace SocialCare.Storage.Postgres.Tests;

/// <summary>The PostgreSQL profile's Npgsql defaults, and that a connection string's own values win.</summary>
public sealed class ConnectionDefaultsTests
{
    [Fact]
    public void A_plain_connection_string_gets_prepared_statements_no_reset_and_a_bounded_pool()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgresStorage.TunedForCare("Host=db;Database=care"));
        Assert.Equal((64, 2, true, 32), (tuned.MaxAutoPrepare, tuned.AutoPrepareMinUsages, tuned.NoResetOnClose, tuned.MaxPoolSize));
        Assert.Equal(("db", "care"), (tuned.Host, tuned.Database));
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0;No Reset On Close=false;Maximum Pool Size=80")]
    [InlineData("Host=db;max auto prepare=0;no reset on close=false;maximum pool size=80")]
    [InlineData("Host=db;MaxAutoPrepare=0;NoResetOnClose=false;MaxPoolSize=80")]
    public void Values_the_connection_string_sets_are_kept_even_when_they_are_the_library_defaults(string connectionString)
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgresStorage.TunedForCare(connectionString));
        Assert.Equal((0, false, 80), (tuned.MaxAutoPrepare, tuned.NoResetOnClose, tuned.MaxPoolSize));
    }

    [Fact]
    public void Lookups_are_planned_with_their_values_and_keep_the_rest_of_the_connection_string()
    {
        var lookups = new NpgsqlConnectionStringBuilder(PostgresStorage.ForLookups(PostgresStorage.TunedForCare("Host=db;Database=care;Maximum Pool Size=12")));
        Assert.Equal((0, true, 12), (lookups.MaxAutoPrepare, lookups.NoResetOnClose, lookups.MaxPoolSize));
        Assert.Equal(("db", "care"), (lookups.Host, lookups.Database));
    }
}
