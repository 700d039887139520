using System.Text.Json;

namespace SocialCare.Deployment.Tests;

/// <summary>
/// The Kubernetes manifests as kubectl renders them (kustomize), checked offline by
/// deploy/kubernetes/validate against the Kubernetes schemas and returned as JSON objects.
/// </summary>
internal static class Manifests
{
    private static readonly string Validator = Path.Combine(PostgresFixture.RepositoryRoot, "deploy", "kubernetes", "validate");
    private static readonly SemaphoreSlim Installing = new(1, 1);

    public sealed record Rendered(int ExitCode, string Report, IReadOnlyList<JsonElement> Objects)
    {
        public JsonElement Single(string kind) => Objects.Single(o => o.GetProperty("kind").GetString() == kind);
    }

    /// <summary>Renders a kustomization (a folder under deploy/kubernetes) and validates every object.</summary>
    public static async Task<Rendered> RenderAsync(string kustomization)
    {
        var folder = Path.Combine(PostgresFixture.RepositoryRoot, "deploy", "kubernetes", kustomization);
        return await ValidateAsync($"kubectl kustomize '{folder}'");
    }

    /// <summary>Validates YAML given as text (for the validator's own check that it can fail).</summary>
    public static async Task<Rendered> ValidateTextAsync(string yaml)
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, yaml);
        try
        {
            return await ValidateAsync($"cat '{file}'");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<Rendered> ValidateAsync(string source)
    {
        await EnsureValidatorAsync();
        var (code, output, error) = await ProcessRunner.RunAsync(
            "bash",
            ["-c", $"set -o pipefail; {source} | node '{Path.Combine(Validator, "validate.mjs")}' --json"],
            TimeSpan.FromMinutes(2));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var json = lines.LastOrDefault(l => l.StartsWith("JSON ", StringComparison.Ordinal));
        var report = string.Join('\n', lines.Where(l => !l.StartsWith("JSON ", StringComparison.Ordinal))) + error;
        IReadOnlyList<JsonElement> objects = json is null ? [] : [.. JsonDocument.Parse(json[5..]).RootElement.EnumerateArray()];
        return new Rendered(code, report, objects);
    }

    /// <summary>The validator's packages (kubernetes-models, yaml), from npm once, pinned by its lock file.</summary>
    private static async Task EnsureValidatorAsync()
    {
        await Installing.WaitAsync();
        try
        {
            if (Directory.Exists(Path.Combine(Validator, "node_modules", "kubernetes-models")))
            {
                return;
            }

            var (code, output, error) = await ProcessRunner.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5), workingDirectory: Validator);
            Assert.True(code == 0, $"npm ci in {Validator} failed:\n{output}\n{error}");
        }
        finally
        {
            Installing.Release();
        }
    }
}
