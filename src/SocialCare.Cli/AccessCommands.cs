using System.CommandLine;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using SocialCare.Contracts;

namespace SocialCare.Cli;

/// <summary>Signing in, and a tenant's API keys.</summary>
internal static class AccessCommands
{
    public static IEnumerable<Command> All(Option<string> tenant)
    {
        yield return Login(tenant);
        yield return Logout();
        yield return WhoAmI();
        yield return Keys(tenant);
        yield return AuditCommands.Audit(tenant);
        yield return ConnectorCommands.Connector(tenant);
    }

    private static Command Login(Option<string> tenant)
    {
        var dev = new Option<bool>("--dev") { Description = "Ask a development host on this machine for a token (for --tenant, else $SOCIALCARE_TENANT, else demo)." };
        var token = new Option<string?>("--token") { Description = "Keep this bearer token (from your identity provider)." };
        var apiKey = new Option<string?>("--api-key") { Description = "Keep this API key." };
        var agent = new Option<string?>("--agent") { Description = "With --dev: your agent id (default dev-agent)." };
        var roles = new Option<string[]>("--role")
        {
            Description = "With --dev: connector, agent, supervisor, admin, auditor or operator; repeatable (default: all but operator).",
            AllowMultipleArgumentsPerToken = true,
        };
        var teams = new Option<string[]>("--team") { Description = "With --dev: limit to these teams; repeatable.", AllowMultipleArgumentsPerToken = true };
        var location = new Option<string?>("--location") { Description = "With --dev: office or remote." };
        var signature = new Option<string?>("--signature") { Description = "With --dev: your sign-off on replies, e.g. ^JD." };
        var command = new Command("login", "Keep a credential that every later command sends.") { dev, token, apiKey, agent, roles, teams, location, signature };
        command.SetAction(async (r, ct) =>
        {
            CareCredential credential;
            if (r.GetValue(token) is { Length: > 0 } given)
            {
                credential = CareCredential.Bearer(given);
            }
            else if (r.GetValue(apiKey) is { Length: > 0 } key)
            {
                credential = CareCredential.ApiKey(key);
            }
            else if (r.GetValue(dev))
            {
                using var anonymous = new CareClient(r.GetValue<string>("--endpoint")!, null);
                var request = new Wire.IssueDevelopmentTokenRequest
                {
                    // A development sign-in is for the tenant asked for, else demo: never silently
                    // for the tenant of the credential it replaces.
                    TenantId = r.GetResult(tenant) is { Implicit: false } ? r.GetValue(tenant)! : Environment.GetEnvironmentVariable("SOCIALCARE_TENANT") is { Length: > 0 } named ? named : "demo",
                    AgentId = r.GetValue(agent) ?? "",
                    Location = r.GetValue(location)?.ToLowerInvariant() switch
                    {
                        "office" => Wire.AgentLocation.Office,
                        "remote" => Wire.AgentLocation.Remote,
                        _ => Wire.AgentLocation.Unspecified,
                    },
                    Signature = r.GetValue(signature) ?? "",
                };
                request.Roles.AddRange((r.GetValue(roles) ?? []).Select(ParseRole));
                request.TeamIds.AddRange(r.GetValue(teams) ?? []);
                var issued = await anonymous.Auth.IssueDevelopmentTokenAsync(request, cancellationToken: ct);
                credential = CareCredential.Bearer(issued.Token);
            }
            else
            {
                await Console.Error.WriteLineAsync("login: give --dev, --token or --api-key.");
                return 2;
            }

            CredentialStore.Save(credential);
            using var client = new CareClient(r.GetValue<string>("--endpoint")!, credential);
            var me = await client.Auth.WhoAmIAsync(new Wire.WhoAmIRequest(), cancellationToken: ct);
            // Commands then act on the credential's one tenant without --tenant.
            var only = me.TenantIds.Count == 1 && me.TenantIds[0] != "*" ? me.TenantIds[0] : null;
            CredentialStore.Save(credential, only);
            Console.WriteLine($"logged in as {Describe(me)}; kept in {CredentialStore.Path}{(only is null ? "" : $"; commands act on tenant {only} unless --tenant says otherwise")}");
            return 0;
        });
        return command;
    }

    private static Command Logout()
    {
        var command = new Command("logout", "Forget the kept credential.");
        command.SetAction(_ => Console.WriteLine(CredentialStore.Forget() ? "logged out" : "no credential was kept"));
        return command;
    }

    private static Command WhoAmI()
    {
        var command = new Command("whoami", "Show who SocialCare takes you for.");
        command.SetAction(async (r, ct) =>
        {
            using var client = CareCommands.Client(r);
            Console.WriteLine(Describe(await client.Auth.WhoAmIAsync(new Wire.WhoAmIRequest(), cancellationToken: ct)));
        });
        return command;
    }

    private static Command Keys(Option<string> tenant)
    {
        var name = new Option<string>("--name") { Description = "What the key is for, e.g. \"X connector\".", Required = true };
        var roles = new Option<string[]>("--role") { Description = "connector, agent, supervisor, admin or auditor; repeatable.", Required = true, AllowMultipleArgumentsPerToken = true };
        var teams = new Option<string[]>("--team") { Description = "Limit to these teams; repeatable.", AllowMultipleArgumentsPerToken = true };
        var agent = new Option<string?>("--agent") { Description = "The agent the key's changes are attributed to." };
        var expiresIn = new Option<TimeSpan?>("--expires-in") { Description = "Refuse the key after this long, e.g. 30.00:00:00 for 30 days." };
        var create = new Command("create", "Make an API key; its secret is printed once.") { name, roles, teams, agent, expiresIn };
        create.SetAction(async (r, ct) =>
        {
            using var client = CareCommands.Client(r);
            var key = new Wire.ApiKey { DisplayName = r.GetValue(name)!, AgentId = r.GetValue(agent) ?? "" };
            key.Roles.AddRange((r.GetValue(roles) ?? []).Select(ParseRole));
            key.TeamIds.AddRange(r.GetValue(teams) ?? []);
            if (r.GetValue(expiresIn) is { } lifetime)
            {
                key.ExpireTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow + lifetime);
            }

            var created = await client.Admin.CreateApiKeyAsync(new Wire.CreateApiKeyRequest { Parent = $"tenants/{r.GetValue(tenant)}", ApiKey = key }, cancellationToken: ct);
            Console.WriteLine($"created {created.ApiKey.Name} ({string.Join(", ", created.ApiKey.Roles.Select(RoleName))})");
            Console.WriteLine("secret (shown once; send it as x-api-key):");
            Console.WriteLine(created.Secret);
        });

        var list = new Command("list", "List the tenant's API keys, revoked ones too.");
        list.SetAction(async (r, ct) =>
        {
            using var client = CareCommands.Client(r);
            var keys = await client.Admin.ListApiKeysAsync(new Wire.ListApiKeysRequest { Parent = $"tenants/{r.GetValue(tenant)}" }, cancellationToken: ct);
            foreach (var key in keys.ApiKeys)
            {
                var state = key.RevokeTime is null ? "active" : $"revoked {key.RevokeTime.ToDateTimeOffset():u} by {key.Revoker}";
                Console.WriteLine($"{key.KeyId}  {key.DisplayName}  [{string.Join(", ", key.Roles.Select(RoleName))}]  created {key.CreateTime.ToDateTimeOffset():u} by {key.Creator}  {state}");
            }
        });

        var keyId = new Argument<string>("key-id") { Description = "The key's id, as `keys list` shows it." };
        var revoke = new Command("revoke", "Revoke an API key.") { keyId };
        revoke.SetAction(async (r, ct) =>
        {
            using var client = CareCommands.Client(r);
            var revoked = await client.Admin.RevokeApiKeyAsync(new Wire.RevokeApiKeyRequest { Name = $"tenants/{r.GetValue(tenant)}/apiKeys/{r.GetValue(keyId)}" }, cancellationToken: ct);
            Console.WriteLine($"revoked {revoked.ApiKey.Name}");
        });

        return new Command("keys", "A tenant's API keys for connectors and other machines.") { create, list, revoke };
    }

    private static Wire.Role ParseRole(string name) =>
        System.Enum.TryParse<Wire.Role>(name, ignoreCase: true, out var role) && role != Wire.Role.Unspecified
            ? role
            : throw new ArgumentException($"\"{name}\" is not a role: connector, agent, supervisor, admin, auditor or operator.");

    private static string RoleName(Wire.Role role) => role.ToString().ToLowerInvariant();

    private static string Describe(Wire.WhoAmIResponse me) =>
        string.Create(CultureInfo.InvariantCulture, $"{me.CallerId} ({me.Kind.ToString().ToLowerInvariant()}) on {string.Join(", ", me.TenantIds)} as {string.Join(", ", me.Roles.Select(RoleName))}")
        + (me.TeamIds.Count > 0 ? $", teams {string.Join(", ", me.TeamIds)}" : "")
        + (me.ExpireTime is null ? "" : $", until {me.ExpireTime.ToDateTimeOffset():u}");
}
