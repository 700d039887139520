using System.CommandLine;
using Google.Protobuf;
using Grpc.Core;
using SocialCare.Contracts.Brands;

namespace SocialCare.Cli;

/// <summary>
/// A brand's set-up as code: one YAML (or JSON) file holds every setting of a tenant; `apply`
/// makes the tenant say what the file says (creating it if needed), `diff` shows what that would
/// change, `get` writes the tenant as such a file.
/// </summary>
internal static class TenantCommands
{
    /// <summary>`diff`'s exit code when the tenant differs from the file (errors are 1 and 2).</summary>
    public const int Differs = 3;

    public static Command Tenant(Option<string> tenant)
    {
        var command = new Command("tenant", "A brand's whole set-up from one file: apply, diff, get; and delete.");
        command.Add(Apply());
        command.Add(Diff());
        command.Add(Get(tenant));
        command.Add(Delete());
        return command;
    }

    private static Command Delete()
    {
        // Named on the command line, never taken from --tenant's defaults: a deletion is not
        // something to aim at whichever tenant the shell happens to be signed in to.
        var id = new Argument<string>("tenant-id") { Description = "The tenant to delete." };
        var yes = new Option<bool>("--yes") { Description = "Yes, delete it and everything it stored; this cannot be undone." };
        var allowMissing = new Option<bool>("--allow-missing") { Description = "Succeed when there is no such tenant (for scripts that may run twice)." };
        var command = new Command("delete", "Delete a tenant and everything stored for it: conversations, customers, deliveries, the audit trail, models, keys (operators). It cannot be undone.") { id, yes, allowMissing };
        command.SetAction(async (r, ct) =>
        {
            var tenantId = r.GetValue(id)!;
            if (!r.GetValue(yes))
            {
                await Console.Error.WriteLineAsync($"socialcare tenant delete: this deletes tenant {tenantId} and everything it stored, for good; run it again with --yes to go ahead.");
                return 2;
            }

            using var client = CareCommands.Client(r);
            var deleted = await client.Steps.DeleteTenantAsync(
                new Wire.DeleteTenantRequest { Name = $"tenants/{tenantId}", AllowMissing = r.GetValue(allowMissing) },
                cancellationToken: ct);
            Output.Result(deleted);
            Console.WriteLine(deleted.Deleted
                ? $"deleted tenant {tenantId}: {deleted.RemovedText()}"
                : $"no tenant {tenantId}: nothing to delete");
            return 0;
        });
        return command;
    }

    private static Option<FileInfo> FileOption() => new("--file", "-f") { Description = "The brand file (YAML or JSON; see deploy/brands/).", Required = true };

    private static Command Apply()
    {
        var file = FileOption();
        var command = new Command("apply", "Create or update the tenant the file names so that it says what the file says. Applying the same file again changes nothing.") { file };
        command.SetAction((r, ct) => WithBrandFileAsync(r, file, async (client, brand) =>
        {
            var current = await Current(client, brand, ct);
            if (current is null)
            {
                await client.Steps.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = brand.Tenant, ValidateOnly = true }, cancellationToken: ct);
                var created = (await client.Steps.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = brand.Tenant }, cancellationToken: ct)).Tenant;
                Output.Result(created);
                Console.WriteLine($"created tenant {created.TenantId} (version {created.Version}) from {brand.Path}");
                return 0;
            }

            var changes = await Preview(client, brand, current, ct);
            if (changes.Count == 0)
            {
                Output.Result(current);
                Console.WriteLine($"tenant {current.TenantId} unchanged (version {current.Version}): it already says what {brand.Path} says");
                return 0;
            }

            var asked = brand.Tenant.Clone();
            asked.Version = brand.Version ?? current.Version;
            var updated = (await client.Steps.UpdateTenantAsync(new Wire.UpdateTenantRequest { Tenant = asked }, cancellationToken: ct)).Tenant;
            Output.Result(updated);
            // The lines themselves are `tenant diff`'s to show; the audit trail records the change.
            Console.WriteLine($"updated tenant {updated.TenantId} to version {updated.Version}: {changes.Count} settings changed in {string.Join(", ", BrandDiff.Sections(changes))}");
            return 0;
        }));
        return command;
    }

    private static Command Diff()
    {
        var file = FileOption();
        var command = new Command("diff", $"What `tenant apply` would change, checked by the server as the change itself would be, without changing anything. Exit code 0: nothing to change; {Differs}: the lines shown.") { file };
        command.SetAction((r, ct) => WithBrandFileAsync(r, file, async (client, brand) =>
        {
            var current = await Current(client, brand, ct);
            if (current is null)
            {
                var wouldBe = (await client.Steps.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = brand.Tenant, ValidateOnly = true }, cancellationToken: ct)).Tenant;
                Output.Result(wouldBe);
                Console.WriteLine($"tenant {brand.Tenant.TenantId} does not exist; apply would create it:");
                Print(BrandDiff.Between(new Wire.Tenant(), wouldBe));
                return Differs;
            }

            var changes = await Preview(client, brand, current, ct);
            Output.Result(current);
            if (changes.Count == 0)
            {
                Console.WriteLine($"no changes: tenant {current.TenantId} (version {current.Version}) already says what {brand.Path} says");
                return 0;
            }

            Console.WriteLine($"tenant {current.TenantId} (version {current.Version}) would change ({string.Join(", ", BrandDiff.Sections(changes))}):");
            Print(changes);
            return Differs;
        }));
        return command;
    }

    private static Command Get(Option<string> tenant)
    {
        var format = new Option<string>("--format", "-o") { Description = "yaml (a brand file `apply` takes back) or json (the API's Tenant).", DefaultValueFactory = _ => "yaml" }
            .AcceptOnlyFromAmong("yaml", "json");
        var command = new Command("get", "Write the tenant (--tenant) as a brand file, to keep in version control and apply again.") { format };
        command.SetAction(async (r, ct) =>
        {
            using var client = CareCommands.Client(r);
            var tenantId = r.GetValue(tenant)!;
            var current = (await client.Steps.GetTenantAsync(new Wire.GetTenantRequest { Name = $"tenants/{tenantId}" }, cancellationToken: ct)).Tenant;
            Output.Result(current);
            if (r.GetValue(format) == "json")
            {
                Console.WriteLine(new JsonFormatter(JsonFormatter.Settings.Default.WithIndentation()).Format(current));
                return 0;
            }

            Console.Write(BrandYaml.Write(current, $"""
                Tenant {current.TenantId}, version {current.Version}, as of {current.UpdateTime?.ToDateTimeOffset():u}.
                Change it and run: socialcare tenant apply -f <this file>
                (version: the change applies only if nobody changed the tenant since; remove the line to apply regardless.)
                """));
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Reads the brand file (a mistake in it: its line, exit code 2, nothing sent), then runs
    /// <paramref name="run"/> with a client, a refusal from the server pointed at the file's line.
    /// </summary>
    private static async Task<int> WithBrandFileAsync(ParseResult r, Option<FileInfo> file, Func<CareClient, BrandFile, Task<int>> run)
    {
        BrandFile brand;
        try
        {
            brand = BrandFile.Load(r.GetValue(file)!.ToString());
        }
        catch (BrandFileException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }

        using var client = CareCommands.Client(r);
        return await Reported(brand, () => run(client, brand));
    }

    private static async Task<Wire.Tenant?> Current(CareClient client, BrandFile brand, CancellationToken ct)
    {
        try
        {
            return (await client.Steps.GetTenantAsync(new Wire.GetTenantRequest { Name = $"tenants/{brand.Tenant.TenantId}" }, cancellationToken: ct)).Tenant;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// The tenant as the server would store the file's settings (defaults filled in, every check
    /// made, the version included), compared with what it stores now.
    /// </summary>
    private static async Task<IReadOnlyList<BrandChange>> Preview(CareClient client, BrandFile brand, Wire.Tenant current, CancellationToken ct)
    {
        var asked = brand.Tenant.Clone();
        asked.Version = brand.Version ?? current.Version;
        var wouldBe = (await client.Steps.UpdateTenantAsync(new Wire.UpdateTenantRequest { Tenant = asked, ValidateOnly = true }, cancellationToken: ct)).Tenant;
        return BrandDiff.Between(current, wouldBe);
    }

    private static void Print(IEnumerable<BrandChange> changes)
    {
        foreach (var change in changes)
        {
            Console.WriteLine($"  {change}");
        }
    }

    /// <summary>A refusal from the server, pointed at the line of the file that holds the field it names.</summary>
    private static async Task<int> Reported(BrandFile brand, Func<Task<int>> run)
    {
        try
        {
            return await run();
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.Aborted or StatusCode.NotFound or StatusCode.AlreadyExists)
        {
            var field = ex.Trailers.GetValue("socialcare-field");
            await Console.Error.WriteLineAsync($"{brand.Locate(field)}: error: {ex.StatusCode}: {ex.Status.Detail}{(field is null ? "" : $" (field {field})")}");
            return 1;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.PermissionDenied)
        {
            await Console.Error.WriteLineAsync($"error: {ex.StatusCode}: {ex.Status.Detail}");
            await Console.Error.WriteLineAsync("hint: changing a tenant needs the admin role; creating one needs the operator role too (on a development host: socialcare login --dev --tenant <id> --role admin --role operator).");
            return 1;
        }
    }
}
