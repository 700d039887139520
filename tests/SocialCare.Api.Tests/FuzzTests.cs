using SocialCare.Fuzzing;
using Xunit.Abstractions;

namespace SocialCare.Api.Tests;

/// <summary>The black-box fuzz run on the in-memory profile (the durability suite runs it on PostgreSQL).</summary>
[Collection(ApiCollection.Name)]
public sealed class FuzzTests(ApiFixture api, ITestOutputHelper output)
{
    [Fact]
    public async Task Generated_requests_never_surface_as_unknown_or_internal_never_hang_and_never_change_what_they_were_refused()
    {
        var seed = FuzzReport.SeedFromEnvironment(20_261_201);
        output.WriteLine($"fuzz seed={seed} profile=in-memory (replay with SOCIALCARE_FUZZ_SEED={seed})");
        using var fuzzer = new CareFuzzer(api.Channel, api.Address, seed);
        var report = await fuzzer.RunAsync(FuzzReport.RequestsFromEnvironment(3_000));
        output.WriteLine(report.Line);
        output.WriteLine(report.StatusLine);
        foreach (var finding in report.Findings.Take(50))
        {
            output.WriteLine(finding);
        }

        Assert.True(report.Requests >= 3_000, $"{report.Requests} requests");
        Assert.Empty(report.Findings);
        Assert.Equal((0, 0, 0), (report.UnknownOrInternal, report.Hangs, report.StateChanges));
        Assert.True(report.ServingAfter);
    }
}
