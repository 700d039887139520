using System.CommandLine;

namespace SocialCare.Cli;

/// <summary>The brand's saved replies, and knowledge search over them and resolved conversations.</summary>
internal static partial class CareCommands
{
    /// <summary>The tenant's saved replies: list them, or add (or replace) one, as an admin.</summary>
    private static Command SavedReplies(Option<string> tenant)
    {
        var listTeam = new Option<string?>("--team") { Description = "Only those this team may use." };
        var list = new Command("list", "List the tenant's saved replies and how often each was sent.") { listTeam };
        list.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var listed = await client.SavedReplies.ListSavedRepliesAsync(
                new Wire.ListSavedRepliesRequest { Parent = $"tenants/{r.GetValue(tenant)}", TeamId = r.GetValue(listTeam) ?? "" }, cancellationToken: ct);
            var usage = listed.Usage.ToDictionary(u => u.SavedReplyId, u => u.Uses, StringComparer.Ordinal);
            foreach (var reply in listed.SavedReplies)
            {
                Console.WriteLine($"{reply.Id,-24} v{reply.Version,-3} {(reply.TeamId.Length == 0 ? "every team" : reply.TeamId),-12} used {usage.GetValueOrDefault(reply.Id),5}x  {reply.Title}: {reply.Text}");
            }
        });

        var id = new Option<string>("--id") { Description = "Its id: lower-case letters, digits and '-'.", Required = true };
        var title = new Option<string>("--title") { Description = "What it is for.", Required = true };
        var text = new Option<string>("--text") { Description = "The answer, with variables such as {customer.name}.", Required = true };
        var team = new Option<string?>("--team") { Description = "Only for this team." };
        var add = new Command("add", "Add a saved reply, or change the one with that id (supervisors, admins).") { id, title, text, team };
        add.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var reply = new Wire.SavedReply { Id = r.GetValue(id)!, Title = r.GetValue(title)!, Text = r.GetValue(text)!, TeamId = r.GetValue(team) ?? "" };
            Wire.SavedReply stored;
            try
            {
                stored = (await client.SavedReplies.CreateSavedReplyAsync(new Wire.CreateSavedReplyRequest { Parent = $"tenants/{r.GetValue(tenant)}", SavedReply = reply }, cancellationToken: ct)).SavedReply;
            }
            catch (Grpc.Core.RpcException ex) when (ex.StatusCode == Grpc.Core.StatusCode.AlreadyExists)
            {
                var name = $"tenants/{r.GetValue(tenant)}/savedReplies/{reply.Id}";
                stored = (await client.SavedReplies.UpdateSavedReplyAsync(new Wire.UpdateSavedReplyRequest { Name = name, SavedReply = reply }, cancellationToken: ct)).SavedReply;
            }

            Console.WriteLine($"saved reply {stored.Id} stored as version {stored.Version}; variables: {(stored.Variables.Count == 0 ? "none" : string.Join(", ", stored.Variables))}");
        });

        var which = new Argument<string>("id") { Description = "The saved reply's id." };
        var show = new Command("show", "Show a saved reply with its earlier versions.") { which };
        show.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var reply = (await client.SavedReplies.GetSavedReplyAsync(new Wire.GetSavedReplyRequest { Name = $"tenants/{r.GetValue(tenant)}/savedReplies/{r.GetValue(which)}" }, cancellationToken: ct)).SavedReply;
            Console.WriteLine($"{reply.Name} v{reply.Version} by {reply.UpdatedBy} at {Printer.Time(reply.UpdateTime)}: {reply.Title}");
            Console.WriteLine($"  {reply.Text}");
            foreach (var earlier in reply.History)
            {
                Console.WriteLine($"  v{earlier.Version} by {earlier.UpdatedBy} at {Printer.Time(earlier.UpdateTime)}: {earlier.Text}");
            }
        });

        var gone = new Argument<string>("id") { Description = "The saved reply's id." };
        var remove = new Command("remove", "Remove a saved reply (replies sent with it stay as they were).") { gone };
        remove.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            await client.SavedReplies.DeleteSavedReplyAsync(new Wire.DeleteSavedReplyRequest { Name = $"tenants/{r.GetValue(tenant)}/savedReplies/{r.GetValue(gone)}" }, cancellationToken: ct);
            Console.WriteLine($"saved reply {r.GetValue(gone)} removed");
        });
        return new Command("saved-replies", "The brand's saved replies, sent with `reply --saved-reply`.") { list, add, show, remove };
    }

    private static Command Knowledge(Option<string> tenant)
    {
        var query = new Argument<string>("query") { Description = "A few words about the case, e.g. \"lost bag refund\"." };
        var team = new Option<string?>("--team") { Description = "Only this team's saved replies and resolved cases." };
        var command = new Command("knowledge", "Find saved replies and resolved conversations that answered a similar case.") { query, team };
        command.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var found = await client.Knowledge.SearchKnowledgeAsync(
                new Wire.SearchKnowledgeRequest { Parent = $"tenants/{r.GetValue(tenant)}", Query = r.GetValue(query)!, TeamId = r.GetValue(team) ?? "" }, cancellationToken: ct);
            foreach (var match in found.SavedReplies)
            {
                Console.WriteLine($"saved reply {match.SavedReply.Id}: {match.SavedReply.Text}");
            }

            foreach (var resolved in found.ResolvedConversations)
            {
                Console.WriteLine($"resolved {Printer.Time(resolved.ResolveTime)} {resolved.Conversation} [{Printer.Name(resolved.Channel)} {Printer.Name(resolved.Category)}]");
                Console.WriteLine($"  asked:    {resolved.Question}");
                Console.WriteLine($"  answered: {resolved.Answer}");
            }

            if (found.SavedReplies.Count + found.ResolvedConversations.Count == 0)
            {
                Console.WriteLine("nothing found");
            }
        });
        return command;
    }
}
