using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialCare.Host;
using SocialCare.Testing.Networks;

namespace SocialCare.Deployment.Tests;

/// <summary>
/// The CLI as users install it: packed from this repository, installed with `dotnet tool install`
/// and run as `socialcare` against a real host, in the forms scripts use (--quiet, --output json).
/// </summary>
public sealed class CliToolTests : IAsyncLifetime
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("socialcare-tool-");
    private WebApplication _host = null!;
    private string _endpoint = "";

    private string Tool => Path.Combine(_root.FullName, "tools", "socialcare");

    /// <summary>
    /// The configuration this suite was built in, which the CLI was built in too (pack would
    /// otherwise pick Release, which nothing built).
    /// </summary>
    private static string BuiltConfiguration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public async Task InitializeAsync()
    {
        var packages = Path.Combine(_root.FullName, "packages");
        var packed = await ProcessRunner.RunAsync("dotnet", ["pack", Path.Combine(PostgresFixture.RepositoryRoot, "src", "SocialCare.Cli", "SocialCare.Cli.csproj"), "--no-build", "-c", BuiltConfiguration, "-o", packages], TimeSpan.FromMinutes(5));
        Assert.True(packed.Code == 0, $"pack failed:\n{packed.Output}\n{packed.Error}");
        var installed = await ProcessRunner.RunAsync("dotnet", ["tool", "install", "--tool-path", Path.Combine(_root.FullName, "tools"), "--add-source", packages, "SocialCare.Cli"], TimeSpan.FromMinutes(5));
        Assert.True(installed.Code == 0, $"tool install failed:\n{installed.Output}\n{installed.Error}");

        _host = SocialCareHost.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SocialCare:GrpcEndpoint"] = "http://127.0.0.1:0",
            ["SocialCare:SiloPort"] = LoopbackPorts.FreeAsText(),
            ["SocialCare:GatewayPort"] = LoopbackPorts.FreeAsText(),
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await _host.StartAsync();
        _endpoint = _host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        await _host.DisposeAsync();
        _root.Delete(recursive: true);
    }

    private async Task<string> RunAsync(params string[] args)
    {
        // Its own home, so the credential it keeps is this test's.
        var home = Path.Combine(_root.FullName, "home");
        Directory.CreateDirectory(home);
        var (code, output, error) = await ProcessRunner.RunAsync(Tool, [.. args, "--endpoint", _endpoint], TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["HOME"] = home });
        Assert.True(code == 0, $"socialcare {string.Join(' ', args)} exited {code}:\n{output}\n{error}");
        return output;
    }

    [Fact]
    public async Task The_installed_tool_prints_names_when_quiet_and_the_apis_answers_as_json()
    {
        await RunAsync("login", "--dev");

        // Quiet: the conversation's name and nothing else, ready for $(...).
        var opened = (await RunAsync("ingest", "--author-id", "42", "--handle", "@ann", "--text", "My bag never arrived.", "--quiet")).Trim();
        Assert.Matches("^tenants/demo/conversations/[0-9a-f]+$", opened);
        Assert.Equal(opened, (await RunAsync("claim", opened, "-q")).Trim());

        // JSON: one object a line, the API's own answer.
        var lines = (await RunAsync("queue", "--output", "json")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var page = JsonDocument.Parse(Assert.Single(lines)).RootElement;
        Assert.Contains(page.GetProperty("items").EnumerateArray(), item => item.GetProperty("conversation").GetString() == opened);
        Assert.Contains(opened, (await RunAsync("queue", "-q")).Split('\n'));

        // A new API key quietly: its name, then its secret (shown once, so never dropped).
        var key = (await RunAsync("keys", "create", "--name", "X connector", "--role", "connector", "-q")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, key.Length);
        Assert.Matches("^tenants/demo/apiKeys/", key[0]);
        Assert.NotEmpty(key[1].Trim());

        // A channel SocialCare does not know is refused before anything is sent, with the choices.
        var (code, _, error) = await ProcessRunner.RunAsync(Tool, ["ingest", "--channel", "tiktok", "--author-id", "42", "--text", "hi", "--endpoint", _endpoint], TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["HOME"] = Path.Combine(_root.FullName, "home") });
        Assert.NotEqual(0, code);
        Assert.Contains("tiktok", error, StringComparison.Ordinal);
        Assert.Contains("whatsapp", error, StringComparison.Ordinal);

        // And text for people, unchanged.
        Assert.Contains("claimed by", await RunAsync("queue"), StringComparison.Ordinal);
    }
}
