using System.Diagnostics;
using Npgsql;

namespace SocialCare.Testing.Postgres;

/// <summary>
/// A real PostgreSQL, started by deploy/local/postgres.sh (which installs it if missing), and a
/// fresh database for each test that asks, dropped when the assembly's tests are done (set
/// SOCIALCARE_KEEP_TEST_DATABASES=1 to keep them for a post-mortem). The server itself keeps
/// running for the next run and for the other test assemblies running beside this one
/// (`deploy/local/postgres.sh stop` stops it). Test assemblies share it through their own
/// <c>[CollectionDefinition]</c>, as xunit looks for those in the test assembly only.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private readonly System.Collections.Concurrent.ConcurrentBag<string> _databases = [];

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The configuration the running tests were built in, which the projects they start were built in too.</summary>
    public static string BuiltConfiguration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>The host as built beside the tests, to run as its own process (`dotnet SocialCare.Host.dll`).</summary>
    public static string HostDirectory { get; } = Path.Combine(RepositoryRoot, "src", "SocialCare.Host", "bin", BuiltConfiguration, "net10.0");

    public string ServerConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var script = Path.Combine(RepositoryRoot, "deploy", "local", "postgres.sh");
        var (code, output, error) = await ProcessRunner.RunAsync("bash", [script], TimeSpan.FromMinutes(5));
        Assert.True(code == 0, $"postgres.sh failed ({code}): {error}");
        ServerConnectionString = output.Trim().Split('\n')[^1];
    }

    public async Task DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("SOCIALCARE_KEEP_TEST_DATABASES") == "1" || ServerConnectionString.Length == 0)
        {
            return;
        }

        await using var source = NpgsqlDataSource.Create(ServerConnectionString);
        foreach (var name in _databases)
        {
            // FORCE: a silo process a failed test left behind may still hold connections.
            await using var command = source.CreateCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        var name = $"socialcare_test_{Guid.NewGuid():N}"[..32];
        await using var source = NpgsqlDataSource.Create(ServerConnectionString);
        await using var command = source.CreateCommand($"CREATE DATABASE {name}");
        await command.ExecuteNonQueryAsync();
        _databases.Add(name);
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SocialCareGrains.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("SocialCareGrains.sln not found above the test binaries.");
    }
}
