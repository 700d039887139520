using System.CommandLine;
using Grpc.Core;
using SocialCare.Cli;

var endpoint = new Option<string>("--endpoint")
{
    Description = "The SocialCare gRPC endpoint.",
    DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SOCIALCARE_ENDPOINT") ?? "http://127.0.0.1:5000",
    Recursive = true,
};
var tenant = new Option<string>("--tenant")
{
    Description = "The tenant (brand) id. Default: $SOCIALCARE_TENANT, else the tenant you logged in to, else demo.",
    DefaultValueFactory = _ => CredentialStore.Tenant() ?? "demo",
    Recursive = true,
};
var output = new Option<string>("--output")
{
    Description = "text (for people) or json (each answer of the API as one line of JSON, for scripts).",
    DefaultValueFactory = _ => "text",
    Recursive = true,
}.AcceptOnlyFromAmong("text", "json");
var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the names of what the command made or found, one a line (and a secret shown once, such as a new API key's, on the line after its name).", Recursive = true };
var root = new RootCommand("SocialCare command-line client: ingest mentions, work queues, answer customers.") { endpoint, tenant, output, quiet };
foreach (var command in AccessCommands.All(tenant).Concat(CareCommands.All(tenant)).Append(TenantCommands.Tenant(tenant)).Append(TriageCommands.Triage()))
{
    root.Add(command);
}

// Handles start with '@' ("@ann"), which must not be read as response files.
var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
if (parsed.Errors.Count == 0)
{
    Output.Use(parsed.GetValue(quiet) ? OutputMode.Quiet : parsed.GetValue(output) == "json" ? OutputMode.Json : OutputMode.Text);
}

try
{
    return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync($"error: {ex.Message}");
    return 2;
}
catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && ex.Status.DebugException is HttpRequestException or System.Net.Sockets.SocketException or IOException)
{
    // The transport's own words ("Error connecting to subchannel.") name neither the endpoint nor what to check.
    var reason = ex.Status.DebugException is { } cause ? (cause.InnerException ?? cause).Message : ex.Status.Detail;
    await Console.Error.WriteLineAsync($"error: cannot reach SocialCare at {parsed.GetValue(endpoint)} ({reason}).");
    await Console.Error.WriteLineAsync("hint: is the host running there (dotnet run --project src/SocialCare.Host)? Another endpoint: --endpoint or SOCIALCARE_ENDPOINT.");
    return 1;
}
catch (RpcException ex)
{
    var field = ex.Trailers.GetValue("socialcare-field");
    await Console.Error.WriteLineAsync($"error: {ex.StatusCode}: {ex.Status.Detail}{(field is null ? "" : $" (field {field})")}");
    if (ex.StatusCode == StatusCode.Unauthenticated)
    {
        await Console.Error.WriteLineAsync("hint: socialcare login --dev (on a development host), or login --token / --api-key.");
    }

    return 1;
}
