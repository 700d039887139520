using System.Text.Json;

namespace SocialCare.Deployment.Tests;

/// <summary>
/// The CLI as users install it: packed from this repository, installed with `dotnet tool install`
/// and run as `socialcare` against a real host, in the forms scripts use (--quiet, --output json).
/// </summary>
public sealed class CliToolTests : IAsyncLifetime
{
    private readonly InstalledCli _cli = new();

    public Task InitializeAsync() => _cli.InitializeAsync();

    public Task DisposeAsync() => _cli.DisposeAsync();

    private Task<string> RunAsync(params string[] args) => _cli.RunAsync(args);

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
        var (code, _, error) = await _cli.TryAsync("ingest", "--channel", "tiktok", "--author-id", "42", "--text", "hi");
        Assert.NotEqual(0, code);
        Assert.Contains("tiktok", error, StringComparison.Ordinal);
        Assert.Contains("whatsapp", error, StringComparison.Ordinal);

        // An endpoint nothing answers on: named, with what to check, instead of the transport's "subchannel".
        var nowhere = $"http://127.0.0.1:{SocialCare.Testing.Networks.LoopbackPorts.FreeAsText()}";
        (code, _, error) = await _cli.TryAsync("queue", "--endpoint", nowhere);
        Assert.Equal(1, code);
        Assert.Contains($"cannot reach SocialCare at {nowhere}", error, StringComparison.Ordinal);
        Assert.DoesNotContain("subchannel", error, StringComparison.Ordinal);

        // And text for people, unchanged.
        Assert.Contains("claimed by", await RunAsync("queue"), StringComparison.Ordinal);
    }
}
