using SocialCare.Api.Access;
using SocialCare.Contracts;
using SocialCare.Domain.Access;
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
        using var owner = api.ChannelFor(CareCredential.Bearer(api.Token(new TokenSubject(CareFuzzer.Owner, [CareClaims.EveryTenant], CareRoles.Agent))));
        using var fuzzer = new CareFuzzer(api.Channel, owner, api.Address, CareCredential.Bearer(api.DeskToken), FuzzReport.SeedFromEnvironment(FuzzReport.DefaultSeed));
        var report = await fuzzer.RunAsync(FuzzReport.RequestsFromEnvironment(FuzzReport.DefaultRequests));
        report.WriteTo(output.WriteLine, "in-memory");
        Assert.Empty(report.Problems(FuzzReport.DefaultRequests));
        Assert.Equal((0, 0, 0), (report.UnknownOrInternal, report.Hangs, report.StateChanges));
    }
}
