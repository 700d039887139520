using System.CommandLine;
using System.Text.Json;
using Grpc.Core;
using SocialCare.LoadTests.Care;
using SocialCare.LoadTests.Reporting;

namespace SocialCare.LoadTests.Commands;

/// <summary>
/// `cleanup`: deletes the tenants runs made (`load-&lt;run&gt;`, with everything they stored),
/// found in the runs' summaries, so a deployment that is load-tested every night does not keep
/// every night's conversations. A tenant a run was pointed at with --tenant is never deleted:
/// the run did not make it.
/// </summary>
internal static class CleanupCommand
{
    public const string DefaultResults = "load-results";

    public static Command Create()
    {
        var results = new Argument<string[]>("results")
        {
            Description = $"Runs whose tenants go: a summary.json, a run's output folder, or a folder of them (default: {DefaultResults}).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var tenants = new Option<string[]>("--tenant") { Description = "Also delete this tenant, made by the tool or not (repeatable)." };
        var endpoints = Options.Endpoints();
        var token = Options.Token();
        var dryRun = new Option<bool>("--dry-run") { Description = "Only list the tenants that would be deleted." };
        var command = new Command("cleanup", "Delete the tenants load runs made, with everything stored for them (the runs' reports stay).")
        {
            results, tenants, endpoints, token, dryRun,
        };
        command.SetAction(async (r, ct) =>
        {
            var output = r.InvocationConfiguration.Output;
            var error = r.InvocationConfiguration.Error;
            List<string> doomed;
            try
            {
                var given = r.GetValue(results) is { Length: > 0 } paths ? paths : [DefaultResults];
                doomed = [.. TenantsMadeBy(given).Concat(r.GetValue(tenants) ?? []).Distinct(StringComparer.Ordinal)];
            }
            catch (FormatException unreadable)
            {
                await error.WriteLineAsync(unreadable.Message);
                return ExitCodes.CouldNotRun;
            }

            if (doomed.Count == 0)
            {
                await output.WriteLineAsync("No tenant to delete: no run summary names a tenant its run made.");
                return ExitCodes.Passed;
            }

            if (r.GetValue(dryRun))
            {
                foreach (var tenant in doomed)
                {
                    await output.WriteLineAsync($"would delete {tenant}");
                }

                return ExitCodes.Passed;
            }

            return await DeleteAsync(doomed, r.GetValue(endpoints)![0], r.GetValue(token), output, error, ct);
        });
        return command;
    }

    /// <summary>Deletes each tenant (one already gone is fine), going on past a failure; 1 when any failed.</summary>
    public static async Task<int> DeleteAsync(IReadOnlyList<string> tenants, Uri endpoint, string? token, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        // A large run's tenant takes a while to erase; the deletion's own bound is the server's.
        var timeout = TimeSpan.FromMinutes(10);
        var setup = await RunAccess.SetupCredentialAsync(endpoint, token, TimeSpan.FromSeconds(30), cancellation).ConfigureAwait(false);
        using var endpoints = new CareEndpoints([endpoint], timeout, setup);
        var admin = new Wire.AdminService.AdminServiceClient(endpoints.For(0));
        var failed = 0;
        foreach (var tenant in tenants)
        {
            try
            {
                var deleted = await admin.DeleteTenantAsync(
                    new Wire.DeleteTenantRequest { Name = $"tenants/{tenant}", AllowMissing = true },
                    deadline: endpoints.Deadline(),
                    cancellationToken: cancellation).ConfigureAwait(false);
                await output.WriteLineAsync(deleted.Deleted
                    ? $"deleted {tenant}: {deleted.RemovedText()}"
                    : $"{tenant}: already gone").ConfigureAwait(false);
            }
            catch (RpcException refused) when (refused.StatusCode != StatusCode.Cancelled)
            {
                failed++;
                await error.WriteLineAsync($"{tenant}: not deleted: {refused.Status.StatusCode}: {refused.Status.Detail}").ConfigureAwait(false);
            }
        }

        return failed == 0 ? ExitCodes.Passed : ExitCodes.CouldNotRun;
    }

    /// <summary>
    /// The tenants the runs under <paramref name="paths"/> made. A summary written before runs
    /// said so counts its tenant as made when it has the tool's own name for the run (load-&lt;run id&gt;).
    /// </summary>
    public static IEnumerable<string> TenantsMadeBy(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        foreach (var summary in paths.SelectMany(Summaries).Distinct(StringComparer.Ordinal))
        {
            using var json = Read(summary);
            var root = json.RootElement;
            var tenantId = Text(root, "tenantId", summary);
            var made = root.TryGetProperty("tenantCreated", out var said)
                ? said.ValueKind == JsonValueKind.True
                : tenantId == $"load-{Text(root, "runId", summary)}".ToLowerInvariant();
            if (made)
            {
                yield return tenantId;
            }
        }
    }

    /// <summary>A summary.json, or those of a run folder or of the run folders in a results folder.</summary>
    private static IEnumerable<string> Summaries(string path)
    {
        if (File.Exists(path))
        {
            return [Path.GetFullPath(path)];
        }

        if (!Directory.Exists(path))
        {
            throw new FormatException($"{path}: no such file or folder (a run's summary.json, its output folder, or a folder of them).");
        }

        var own = Path.Combine(path, "summary.json");
        return File.Exists(own)
            ? [Path.GetFullPath(own)]
            : Directory.EnumerateDirectories(path).Select(run => Path.Combine(run, "summary.json")).Where(File.Exists).Select(Path.GetFullPath).Order(StringComparer.Ordinal);
    }

    private static JsonDocument Read(string summary)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllText(summary));
        }
        catch (JsonException bad)
        {
            throw new FormatException($"{summary}: not a run summary ({bad.Message})", bad);
        }
    }

    private static string Text(JsonElement root, string property, string summary) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new FormatException($"{summary}: not a run summary (no \"{property}\").");
}
