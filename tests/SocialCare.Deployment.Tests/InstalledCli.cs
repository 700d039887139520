using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialCare.Host;
using SocialCare.Testing.Networks;

namespace SocialCare.Deployment.Tests;

/// <summary>
/// The CLI as users install it (packed from this repository, installed with `dotnet tool
/// install`) beside a real in-memory host, each test class with its own of both.
/// </summary>
public sealed class InstalledCli : IAsyncLifetime
{
    private WebApplication _host = null!;

    /// <summary>A folder of the test's own: the tool, its home (and so its kept credential), the files a test writes.</summary>
    public DirectoryInfo Root { get; } = Directory.CreateTempSubdirectory("socialcare-tool-");

    public string Tool => Path.Combine(Root.FullName, "tools", "socialcare");

    public string Endpoint { get; private set; } = "";

    public string Home => Path.Combine(Root.FullName, "home");

    /// <summary>What the tool is run with: its own home, so the credential it keeps is this test's.</summary>
    public Dictionary<string, string> Environment => new() { ["HOME"] = Home, ["SOCIALCARE_ENDPOINT"] = Endpoint };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Home);
        var packages = Path.Combine(Root.FullName, "packages");
        // --no-build, in the configuration the tests were built in: pack would otherwise pick
        // Release, which nothing built.
        var packed = await ProcessRunner.RunAsync("dotnet", ["pack", Path.Combine(PostgresFixture.RepositoryRoot, "src", "SocialCare.Cli", "SocialCare.Cli.csproj"), "--no-build", "-c", PostgresFixture.BuiltConfiguration, "-o", packages], TimeSpan.FromMinutes(5));
        Assert.True(packed.Code == 0, $"pack failed:\n{packed.Output}\n{packed.Error}");
        var installed = await ProcessRunner.RunAsync("dotnet", ["tool", "install", "--tool-path", Path.Combine(Root.FullName, "tools"), "--add-source", packages, "SocialCare.Cli"], TimeSpan.FromMinutes(5));
        Assert.True(installed.Code == 0, $"tool install failed:\n{installed.Output}\n{installed.Error}");

        _host = SocialCareHost.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SocialCare:GrpcEndpoint"] = "http://127.0.0.1:0",
            ["SocialCare:SiloPort"] = LoopbackPorts.FreeAsText(),
            ["SocialCare:GatewayPort"] = LoopbackPorts.FreeAsText(),
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await _host.StartAsync();
        Endpoint = _host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        await _host.DisposeAsync();
        Root.Delete(recursive: true);
    }

    /// <summary>Runs the tool; a non-zero exit fails the test with what it printed.</summary>
    public async Task<string> RunAsync(params string[] args)
    {
        var (code, output, error) = await TryAsync(args);
        Assert.True(code == 0, $"socialcare {string.Join(' ', args)} exited {code}:\n{output}\n{error}");
        return output;
    }

    public Task<(int Code, string Output, string Error)> TryAsync(params string[] args) =>
        ProcessRunner.RunAsync(Tool, args, TimeSpan.FromMinutes(1), Environment, Root.FullName);
}
