using System.CommandLine;
using System.Globalization;

namespace SocialCare.Cli;

/// <summary>The client's verbs. Conversations are given by name, or by id within --tenant.</summary>
internal static partial class CareCommands
{
    private static readonly Argument<string> ConversationArgument = new("conversation")
    {
        Description = "tenants/{tenant}/conversations/{id}, or just the id (with --tenant).",
    };

    private static readonly Option<string?> Agent = new("--agent")
    {
        Description = "The agent to act as (default: you, as logged in). Naming another agent needs the supervisor role.",
    };
    /// <summary>The largest page_size the API accepts for List methods.</summary>
    private const int LargestPage = 500;

    private static readonly Option<bool> Private = new("--private") { Description = "Reply privately (DM) instead of publicly." };

    public static IEnumerable<Command> All(Option<string> tenant)
    {
        yield return Ingest(tenant);
        yield return Queue(tenant);
        yield return Watch(tenant);
        yield return Wait(tenant);
        yield return Show(tenant);
        yield return History(tenant);
        yield return Claim(tenant);
        yield return Reply(tenant);
        yield return SavedReplies(tenant);
        yield return Policy(tenant);
        yield return Knowledge(tenant);
        yield return Note(tenant);
        yield return Correct(tenant);
        yield return TriageModels(tenant);
        yield return Escalate(tenant);
        yield return Resolve(tenant);
        yield return Reopen(tenant);
        yield return Assign(tenant);
        yield return Release(tenant);
        yield return Retract(tenant);
        yield return Approvals(tenant);
        yield return Approve(tenant);
        yield return Reject(tenant);
        yield return Ping();
    }

    private static Command Ping()
    {
        var command = new Command("ping", "Check that the API answers.");
        command.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await client.Diagnostics.PingAsync(new Wire.PingRequest(), cancellationToken: ct);
            Console.WriteLine($"pong in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture)} ms");
        });
        return command;
    }

    internal static CareClient Client(ParseResult r) => new(r.GetValue<string>("--endpoint")!, CredentialStore.Current());

    private static string Conversation(ParseResult r, Option<string> tenant)
    {
        var value = r.GetValue(ConversationArgument)!;
        return value.StartsWith("tenants/", StringComparison.Ordinal) ? value : $"tenants/{r.GetValue(tenant)}/conversations/{value}";
    }

    private static string QueueParent(string tenant, string? team) =>
        string.IsNullOrEmpty(team) ? $"tenants/{tenant}" : $"tenants/{tenant}/teams/{team}";
}
