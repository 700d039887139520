using System.CommandLine;

namespace SocialCare.Cli;

/// <summary>One conversation: reading it, and every change an agent or supervisor makes to it.</summary>
internal static partial class CareCommands
{
    private static Command Show(Option<string> tenant)
    {
        var command = new Command("show", "Show a conversation: state, SLA clocks, history and the customer's earlier conversations.") { ConversationArgument };
        command.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var response = await client.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = Conversation(r, tenant) }, cancellationToken: ct);
            Printer.Conversation(response.Conversation, response.EarlierConversations);
        });
        return command;
    }

    private static Command History(Option<string> tenant)
    {
        var command = new Command("history", "Print a conversation's whole message history, oldest first.") { ConversationArgument };
        command.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var request = new Wire.ListConversationMessagesRequest { Parent = Conversation(r, tenant), PageSize = LargestPage };
            do
            {
                var page = await client.Conversations.ListConversationMessagesAsync(request, cancellationToken: ct);
                foreach (var m in page.Messages)
                {
                    Printer.Message(m);
                }

                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0);
        });
        return command;
    }

    private static Command Claim(Option<string> tenant)
    {
        var command = new Command("claim", "Take ownership of a conversation.") { ConversationArgument, Agent };
        command.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var response = await client.Conversations.ClaimConversationAsync(new Wire.ClaimConversationRequest { Name = Conversation(r, tenant), AgentId = r.GetValue(Agent) ?? "" }, cancellationToken: ct);
            Console.WriteLine($"claimed {response.Conversation.Name} as {response.Conversation.AssignedAgentId}");
        });
        return command;
    }

    private static Command Reply(Option<string> tenant)
    {
        var text = new Option<string?>("--text") { Description = "The reply (or --saved-reply)." };
        var signature = new Option<string?>("--signature") { Description = "Your sign-off, e.g. ^JD." };
        var saved = new Option<string?>("--saved-reply") { Description = "Send this saved reply (see `saved-replies`) instead of --text." };
        var variables = new Option<string[]>("--var") { Description = "A saved reply's variable, name=value (repeatable)." };
        var corrects = new Option<string?>("--corrects") { Description = "The message id of an earlier reply this one corrects." };
        var command = new Command("reply", "Answer the customer on their channel.") { ConversationArgument, Agent, text, signature, Private, saved, variables, corrects };
        command.SetAction(async (r, ct) =>
        {
            if (r.GetValue(text) is null == r.GetValue(saved) is null)
            {
                throw new ArgumentException("give either --text or --saved-reply.");
            }

            using var client = Client(r);
            var request = new Wire.PostReplyRequest
            {
                Name = Conversation(r, tenant),
                AgentId = r.GetValue(Agent) ?? "",
                Text = r.GetValue(text) ?? "",
                Signature = r.GetValue(signature) ?? "",
                Visibility = r.GetValue(Private) ? Wire.Visibility.Private : Wire.Visibility.Public,
                RequestId = Guid.NewGuid().ToString("N"),
                SavedReplyId = r.GetValue(saved) ?? "",
                CorrectsMessageId = r.GetValue(corrects) ?? "",
            };
            foreach (var pair in r.GetValue(variables) ?? [])
            {
                var at = pair.IndexOf('=', StringComparison.Ordinal);
                request.Variables[at > 0 ? pair[..at] : throw new ArgumentException($"--var {pair}: expected name=value.")] = pair[(at + 1)..];
            }

            var response = await client.Conversations.PostReplyAsync(request, cancellationToken: ct);
            Console.WriteLine($"replied ({Printer.Name(response.Reply.Visibility)}) as message {response.Reply.MessageId}: {response.Reply.Text}");
            if (response.Reply.Approval is { State: Wire.ApprovalState.Pending } approval)
            {
                Console.WriteLine($"  waiting for a supervisor's approval ({string.Join("; ", approval.Reasons)}); escalated at {Printer.Time(approval.EscalateTime)} if still waiting");
            }

            foreach (var warning in response.Warnings)
            {
                Console.WriteLine($"  warning: {Printer.Name(warning.Kind)} \"{warning.Excerpt}\": {warning.Suggestion}");
            }
        });
        return command;
    }

    private static Command Note(Option<string> tenant)
    {
        var text = new Option<string>("--text") { Description = "The note.", Required = true };
        var command = new Command("note", "Add an internal note.") { ConversationArgument, Agent, text };
        command.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var response = await client.Conversations.AddNoteAsync(new Wire.AddNoteRequest { Name = Conversation(r, tenant), AgentId = r.GetValue(Agent) ?? "", Text = r.GetValue(text)! }, cancellationToken: ct);
            Console.WriteLine($"noted as message {response.Note.MessageId}");
        });
        return command;
    }

    private static Command Correct(Option<string> tenant)
    {
        var message = new Option<string>("--message") { Description = "The customer message's id (see `history`).", Required = true };
        var category = new Option<string?>("--category") { Description = "The right category: complaint, incident, booking_help, question, praise, remark or spam." };
        var sentiment = new Option<string?>("--sentiment") { Description = "The right sentiment: negative, neutral or positive." };
        var command = new Command("correct", "Correct how a customer message was triaged; the brand's next model training learns from it.") { ConversationArgument, Agent, message, category, sentiment };
        command.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var request = new Wire.CorrectTriageRequest { Name = Conversation(r, tenant), AgentId = r.GetValue(Agent) ?? "", MessageId = r.GetValue(message)! };
            if (r.GetValue(category) is { } c)
            {
                request.Category = Printer.Parse<Wire.Category>(c, "--category");
            }

            if (r.GetValue(sentiment) is { } s)
            {
                request.Sentiment = Printer.Parse<Wire.Sentiment>(s, "--sentiment");
            }

            var response = await client.Conversations.CorrectTriageAsync(request, cancellationToken: ct);
            Console.WriteLine(response.Note.Text);
            Console.WriteLine($"conversation now {Printer.Name(response.Conversation.Category)}, priority {Printer.Name(response.Conversation.Priority)}");
        });
        return command;
    }

    private static Command Escalate(Option<string> tenant)
    {
        var team = new Option<string>("--team") { Description = "The team to hand over to.", Required = true };
        var note = new Option<string>("--note") { Description = "What that team needs to know.", Required = true };
        var command = new Command("escalate", "Hand a conversation to another team.") { ConversationArgument, Agent, team, note };
        command.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var response = await client.Conversations.EscalateAsync(new Wire.EscalateRequest { Name = Conversation(r, tenant), AgentId = r.GetValue(Agent) ?? "", TeamId = r.GetValue(team)!, Note = r.GetValue(note)! }, cancellationToken: ct);
            Console.WriteLine($"escalated {response.Conversation.Name} to {response.Conversation.TeamId}");
        });
        return command;
    }

    private static Command Resolve(Option<string> tenant)
    {
        var note = new Option<string?>("--note") { Description = "An internal note on the resolution." };
        var command = new Command("resolve", "Resolve a conversation.") { ConversationArgument, Agent, note };
        command.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var response = await client.Conversations.ResolveConversationAsync(new Wire.ResolveConversationRequest { Name = Conversation(r, tenant), AgentId = r.GetValue(Agent) ?? "", Note = r.GetValue(note) ?? "" }, cancellationToken: ct);
            Console.WriteLine($"resolved {response.Conversation.Name}");
        });
        return command;
    }

    private static Command Reopen(Option<string> tenant)
    {
        var note = new Option<string?>("--note") { Description = "Why it is reopened." };
        var command = new Command("reopen", "Put a resolved conversation back in its queue.") { ConversationArgument, Agent, note };
        command.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var response = await client.Conversations.ReopenConversationAsync(new Wire.ReopenConversationRequest { Name = Conversation(r, tenant), AgentId = r.GetValue(Agent) ?? "", Note = r.GetValue(note) ?? "" }, cancellationToken: ct);
            Console.WriteLine($"reopened {response.Conversation.Name}");
        });
        return command;
    }

    private static Command Assign(Option<string> tenant)
    {
        var to = new Option<string>("--to") { Description = "The agent who will own it.", Required = true };
        var command = new Command("assign", "Supervisors: hand a conversation to an agent, whoever owns it now.") { ConversationArgument, to };
        command.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var response = await client.Conversations.AssignConversationAsync(new Wire.AssignConversationRequest { Name = Conversation(r, tenant), AssigneeId = r.GetValue(to)! }, cancellationToken: ct);
            Console.WriteLine($"assigned {response.Conversation.Name} to {response.Conversation.AssignedAgentId}");
        });
        return command;
    }

    private static Command Release(Option<string> tenant)
    {
        var command = new Command("release", "Hand a conversation you claimed back to its team's queue, unclaimed (supervisors: anyone's).") { ConversationArgument, Agent };
        command.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var response = await client.Conversations.ReleaseConversationAsync(new Wire.ReleaseConversationRequest { Name = Conversation(r, tenant), AgentId = r.GetValue(Agent) ?? "" }, cancellationToken: ct);
            Console.WriteLine($"released {response.Conversation.Name}: back in team {response.Conversation.TeamId}'s queue");
        });
        return command;
    }

    private static Command Retract(Option<string> tenant)
    {
        var message = new Argument<string>("message-id") { Description = "The published reply's message id." };
        var reason = new Option<string>("--reason") { Description = "Why it must come down (kept in the history and the trail).", Required = true };
        var command = new Command("retract", "Ask the connector to delete a published reply on the network; the reply stays in the history.") { ConversationArgument, message, reason };
        command.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var response = await client.Conversations.RequestRetractionAsync(
                new Wire.RequestRetractionRequest { Name = Conversation(r, tenant), MessageId = r.GetValue(message)!, Reason = r.GetValue(reason)! }, cancellationToken: ct);
            Console.WriteLine($"retraction of reply {response.Retraction.RetractsMessageId} requested as message {response.Retraction.MessageId}; delivery {response.Retraction.Delivery?.DeliveryId} is the connector's task");
        });
        return command;
    }

    private static readonly Argument<string> MessageArgument = new("message-id") { Description = "The waiting reply's message id (see `approvals`)." };

    private static Command Approve(Option<string> tenant)
    {
        var command = new Command("approve", "Supervisors: let a waiting reply go to the customer.") { ConversationArgument, MessageArgument };
        command.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var response = await client.Conversations.ApproveReplyAsync(
                new Wire.ApproveReplyRequest { Name = Conversation(r, tenant), MessageId = r.GetValue(MessageArgument)! }, cancellationToken: ct);
            Console.WriteLine($"approved reply {response.Reply.MessageId} of {response.Conversation.Name}; delivery {response.Reply.Delivery?.DeliveryId} is on its way");
        });
        return command;
    }

    private static Command Reject(Option<string> tenant)
    {
        var reason = new Option<string>("--reason") { Description = "Why, for the author.", Required = true };
        var command = new Command("reject", "Supervisors: stop a waiting reply; it goes back to its author with the reason.") { ConversationArgument, MessageArgument, reason };
        command.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var response = await client.Conversations.RejectReplyAsync(
                new Wire.RejectReplyRequest { Name = Conversation(r, tenant), MessageId = r.GetValue(MessageArgument)!, Reason = r.GetValue(reason)! }, cancellationToken: ct);
            Console.WriteLine($"rejected reply {response.Reply.MessageId} of {response.Conversation.Name}; back with {response.Conversation.AssignedAgentId}");
        });
        return command;
    }
}
