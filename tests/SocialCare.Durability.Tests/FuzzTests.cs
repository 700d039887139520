using SocialCare.Api.Access;
using SocialCare.Domain.Access;
using SocialCare.Fuzzing;
using Xunit.Abstractions;

namespace SocialCare.Durability.Tests;

/// <summary>
/// The black-box fuzz run on the PostgreSQL profile: the same generated requests as on the
/// in-memory profile, and the sentinel read again after the silo was killed and restarted, so
/// what a refused request left in memory and what it left on disk must both be what was there.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class FuzzTests(PostgresFixture postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task Generated_requests_on_postgresql_never_surface_as_unknown_or_internal_never_hang_and_change_nothing_they_were_refused()
    {
        var connectionString = await postgres.NewDatabaseAsync();
        var cluster = $"fuzz-{Guid.NewGuid():N}"[..20];
        var ports = HostProcess.FreePorts();
        var seed = FuzzReport.SeedFromEnvironment(FuzzReport.DefaultSeed);

        // One caller sends thousands of calls in seconds, far past the reply limits; lifted, so
        // every request reaches the validation it was generated to probe (the limits have their own tests).
        var unlimited = new Dictionary<string, string> { ["SocialCare__RateLimits__Enabled"] = "false" };
        FuzzReport report;
        IReadOnlyList<string> afterRestart;
        await using (var first = await HostProcess.StartAsync(connectionString, cluster, ports, unlimited))
        {
            // The fuzzer keeps the sentinel as it read it before the run, to compare after the restart.
            using var owner = HostProcess.Credential(new TokenSubject(CareFuzzer.Owner, [CareClaims.EveryTenant], CareRoles.Agent)).Channel(first.Endpoint);
            using var fuzzer = new CareFuzzer(first.Channel, owner, first.Endpoint, HostProcess.DeskCredential, seed);
            report = await fuzzer.RunAsync(FuzzReport.RequestsFromEnvironment(FuzzReport.DefaultRequests));
            await first.KillAsync();
            await using var second = await HostProcess.StartAsync(connectionString, cluster, ports);
            afterRestart = await fuzzer.SentinelDifferencesAsync(second.Channel);
        }

        report.WriteTo(output.WriteLine, "postgres");
        output.WriteLine($"after a restart: {(afterRestart.Count == 0 ? "the sentinel reads back unchanged" : string.Join(", ", afterRestart))}");
        Assert.Empty(report.Problems(FuzzReport.DefaultRequests));
        Assert.Equal((0, 0, 0), (report.UnknownOrInternal, report.Hangs, report.StateChanges));
        Assert.Empty(afterRestart);
    }
}
