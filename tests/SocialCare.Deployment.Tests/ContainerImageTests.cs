using System.Diagnostics;
using System.Text.Json;
using SocialCare.Testing.Networks;

namespace SocialCare.Deployment.Tests;

/// <summary>
/// The image cannot be built here (no registry for its base images), so its published output is
/// run the way the image runs it: published as the Dockerfile publishes, from a read-only
/// directory, with the Dockerfile's environment and entry point, a writable /tmp alone, and the
/// Dockerfile's HEALTHCHECK command as the probe; then stopped with SIGTERM as a runtime does.
/// </summary>
public sealed class ContainerImageTests : IAsyncLifetime
{
    private static readonly string Dockerfile = Path.Combine(PostgresFixture.RepositoryRoot, "deploy", "container", "Dockerfile");
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("socialcare-image-");

    private string App => Path.Combine(_root.FullName, "app");

    public async Task InitializeAsync()
    {
        var (code, output, error) = await ProcessRunner.RunAsync(
            "dotnet",
            ["publish", Path.Combine(PostgresFixture.RepositoryRoot, "src", "SocialCare.Host", "SocialCare.Host.csproj"), "-c", "Release", "-o", App, "-p:UseAppHost=false"],
            TimeSpan.FromMinutes(5));
        Assert.True(code == 0, $"publish failed:\n{output}\n{error}");
        await Chmod("a-w");
    }

    public async Task DisposeAsync()
    {
        await Chmod("u+w");
        _root.Delete(recursive: true);
    }

    [Fact]
    public async Task The_published_silo_runs_read_only_with_the_images_environment_answers_its_healthcheck_and_stops_on_sigterm()
    {
        var environment = ImageEnvironment();
        // The image's own listeners, moved to free loopback ports for a machine shared with other tests.
        environment["SocialCare__GrpcEndpoint"] = $"http://127.0.0.1:{LoopbackPorts.FreeAsText()}";
        environment["SocialCare__OperationsEndpoint"] = $"http://127.0.0.1:{LoopbackPorts.FreeAsText()}";
        environment["SocialCare__SiloPort"] = LoopbackPorts.FreeAsText();
        environment["SocialCare__GatewayPort"] = LoopbackPorts.FreeAsText();
        environment["SocialCare__Shutdown__DrainDelay"] = "00:00:01";
        var tmp = _root.CreateSubdirectory("tmp").FullName;
        environment["TMPDIR"] = tmp;
        environment["HOME"] = App;
        var (entry, entryArgs) = Instruction("ENTRYPOINT");
        var (check, checkArgs) = Instruction("HEALTHCHECK");

        var published = Snapshot();
        using var silo = ProcessRunner.Start(entry, entryArgs, environment, App);
        var log = new List<string>();
        silo.OutputDataReceived += (_, line) => { if (line.Data is not null) { lock (log) { log.Add(line.Data); } } };
        silo.BeginOutputReadLine();
        silo.BeginErrorReadLine();

        // The HEALTHCHECK, polled as a runtime would, bounded.
        var started = Stopwatch.StartNew();
        int healthy;
        do
        {
            Assert.False(silo.HasExited, $"the silo exited with {(silo.HasExited ? silo.ExitCode : 0)}:\n{Joined(log)}");
            await Task.Delay(500);
            healthy = (await ProcessRunner.RunAsync(check, checkArgs, TimeSpan.FromSeconds(20), environment, App)).Code;
        }
        while (healthy != 0 && started.Elapsed < TimeSpan.FromSeconds(90));

        Assert.True(healthy == 0, $"the healthcheck never passed:\n{Joined(log)}");

        // SIGTERM, as a container runtime stops it: a clean exit, saying how long the stop took.
        Assert.Equal(0, (await ProcessRunner.RunAsync("kill", ["-TERM", silo.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10))).Code);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await silo.WaitForExitAsync(stop.Token);
        Assert.Equal(0, silo.ExitCode);
        lock (log)
        {
            // Logs are JSON, one object a line (the image's Logging__Console__FormatterName).
            var entries = log.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.NotEmpty(entries);
            Assert.Contains(entries, e => e.GetProperty("Message").GetString()!.StartsWith("Stopped in ", StringComparison.Ordinal));
        }

        // Nothing was written but to /tmp.
        Assert.Equal(published, Snapshot());
    }

    /// <summary>Every file and folder of the published output with its last write, to tell whether the run wrote any.</summary>
    private string Snapshot() => string.Join('\n', Directory.EnumerateFileSystemEntries(App, "*", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal)
        .Select(f => $"{f} {File.GetLastWriteTimeUtc(f):O}"));

    /// <summary>The runtime stage's ENV lines (with their continuations) as environment variables.</summary>
    private static Dictionary<string, string> ImageEnvironment()
    {
        var text = File.ReadAllText(Dockerfile).Replace("\\\n", " ", StringComparison.Ordinal);
        var runtime = text[text.LastIndexOf("\nFROM ", StringComparison.Ordinal)..];
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in runtime.Split('\n').Where(l => l.StartsWith("ENV ", StringComparison.Ordinal)))
        {
            foreach (var pair in line[4..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                environment[pair[..equals]] = pair[(equals + 1)..];
            }
        }

        Assert.NotEmpty(environment);
        return environment;
    }

    /// <summary>An exec-form instruction's command with /app/ read as the published folder.</summary>
    private (string File, string[] Args) Instruction(string name)
    {
        var line = File.ReadAllLines(Dockerfile).Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        var exec = line[line.IndexOf('[', StringComparison.Ordinal)..];
        var words = JsonSerializer.Deserialize<string[]>(exec)!.Select(w => w.Replace("/app/", App + "/", StringComparison.Ordinal)).ToArray();
        return (words[0], words[1..]);
    }

    private async Task Chmod(string mode)
    {
        if (Directory.Exists(App))
        {
            await ProcessRunner.RunAsync("chmod", ["-R", mode, App], TimeSpan.FromSeconds(30));
        }
    }

    private static string Joined(List<string> log)
    {
        lock (log)
        {
            return string.Join('\n', log.TakeLast(40));
        }
    }
}
