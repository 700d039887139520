using System.CommandLine;
using System.Globalization;

namespace SocialCare.Cli;

/// <summary>The client's verbs. Conversations are given by name, or by id within --tenant.</summary>
internal static class CareCommands
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
        yield return Knowledge(tenant);
        yield return Note(tenant);
        yield return Correct(tenant);
        yield return TriageModels(tenant);
        yield return Escalate(tenant);
        yield return Resolve(tenant);
        yield return Reopen(tenant);
        yield return Assign(tenant);
        yield return Retract(tenant);
        yield return Approvals(tenant);
        yield return Approve(tenant);
        yield return Reject(tenant);
        yield return Ping();
    }

    private static Command Ingest(Option<string> tenant)
    {
        var channel = new Option<string>("--channel") { Description = "x, facebook, instagram, messenger, whatsapp, email or web-chat.", DefaultValueFactory = _ => "x" };
        // Refused while parsing, with the choices, rather than sent as "unspecified" for the server to refuse.
        channel.AcceptOnlyFromAmong("x", "twitter", "facebook", "instagram", "messenger", "whatsapp", "email", "web-chat", "webchat");
        var author = new Option<string>("--author-id") { Description = "The network's user id of the author.", Required = true };
        var handle = new Option<string>("--handle") { Description = "The author's handle, e.g. @ann.", DefaultValueFactory = _ => "" };
        var name = new Option<string>("--name") { Description = "The author's display name.", DefaultValueFactory = _ => "" };
        var followers = new Option<long>("--followers") { Description = "The author's follower count." };
        var verified = new Option<bool>("--verified") { Description = "The author is verified." };
        var messageId = new Option<string?>("--message-id") { Description = "The network's message id (default: a new one)." };
        var text = new Option<string>("--text") { Description = "What the customer wrote.", Required = true };
        var direct = new Option<bool>("--private") { Description = "A direct message rather than a public post." };
        var command = new Command("ingest", "Ingest one customer mention, as a connector would.")
        {
            channel, author, handle, name, followers, verified, messageId, text, direct,
        };
        command.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var mention = new Wire.Mention
            {
                TenantId = r.GetValue(tenant)!,
                Channel = ParseChannel(r.GetValue(channel)!),
                NetworkMessageId = r.GetValue(messageId) ?? Guid.NewGuid().ToString("N"),
                Author = new Wire.Author
                {
                    NetworkUserId = r.GetValue(author)!,
                    Handle = r.GetValue(handle)!,
                    DisplayName = r.GetValue(name)!,
                    FollowerCount = r.GetValue(followers),
                    Verified = r.GetValue(verified),
                },
                Text = r.GetValue(text)!,
                Visibility = r.GetValue(direct) ? Wire.Visibility.Private : Wire.Visibility.Public,
            };
            Printer.Ingested(await client.Ingest.IngestMentionAsync(new Wire.IngestMentionRequest { Mention = mention }, cancellationToken: ct));
        });
        return command;
    }

    private static Command Queue(Option<string> tenant)
    {
        var team = new Option<string?>("--team") { Description = "One team's queue (default: the whole tenant)." };
        var pageSize = new Option<int>("--page-size") { Description = "Items per page.", DefaultValueFactory = _ => 20 };
        var pageToken = new Option<string?>("--page-token") { Description = "Continue from a previous page." };
        var unassigned = new Option<bool>("--unassigned") { Description = "Only conversations nobody has claimed." };
        var approvals = new Option<bool>("--awaiting-approval") { Description = "Only conversations with a reply waiting for a supervisor (the approvals queue)." };
        var command = new Command("queue", "List open conversations in work order.") { team, pageSize, pageToken, unassigned, approvals };
        command.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var response = await client.Queues.ListQueueAsync(
                new Wire.ListQueueRequest
                {
                    Parent = QueueParent(r.GetValue(tenant)!, r.GetValue(team)),
                    PageSize = r.GetValue(pageSize),
                    PageToken = r.GetValue(pageToken) ?? "",
                    UnassignedOnly = r.GetValue(unassigned),
                    AwaitingApprovalOnly = r.GetValue(approvals),
                },
                cancellationToken: ct);
            foreach (var item in response.Items)
            {
                Printer.QueueItem(item);
            }

            Console.WriteLine(response.Items.Count == 0 ? "the queue is empty" : $"{response.Items.Count} conversation(s)");
            if (response.NextPageToken.Length > 0)
            {
                Console.WriteLine($"more: --page-token {response.NextPageToken}");
            }
        });
        return command;
    }

    private static Command Watch(Option<string> tenant)
    {
        var team = new Option<string?>("--team") { Description = "One team's queue (default: the whole tenant)." };
        var approvals = new Option<bool>("--awaiting-approval") { Description = "Only the approvals queue: replies starting to wait, escalated, decided." };
        var lasting = new Option<string?>("--for") { Description = "Stop after this long (90s, 15m, 1h), for scripts; by default until Ctrl-C." };
        var command = new Command("watch", "Print queue changes as they happen.") { team, approvals, lasting };
        command.SetAction(async (r, ct) =>
        {
            TimeSpan? limit = r.GetValue(lasting) is { } text
                ? (Contracts.Brands.BrandValues.TryParseDuration(text, out var span) && span > TimeSpan.Zero ? span : throw new ArgumentException($"--for: \"{text}\" is not a positive duration such as 90s, 15m or 1h."))
                : null;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            if (limit is { } given)
            {
                stop.CancelAfter(given);
            }

            using var client = Client(r);
            using var call = client.Queues.WatchQueue(
                new Wire.WatchQueueRequest { Parent = QueueParent(r.GetValue(tenant)!, r.GetValue(team)), AwaitingApprovalOnly = r.GetValue(approvals) },
                cancellationToken: stop.Token);
            try
            {
                while (await call.ResponseStream.MoveNext(stop.Token))
                {
                    Printer.Change(call.ResponseStream.Current);
                }
            }
            catch (Exception ex) when (stop.IsCancellationRequested && ex is Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.Cancelled } or OperationCanceledException)
            {
                // Ctrl-C, or --for has passed.
            }
        });
        return command;
    }

    private static Command Wait(Option<string> tenant)
    {
        var team = new Option<string?>("--team") { Description = "One team's queue (default: the whole tenant)." };
        var command = new Command("wait", "Show the estimated wait for a first response.") { team };
        command.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var e = await client.Queues.GetWaitEstimateAsync(new Wire.GetWaitEstimateRequest { Parent = QueueParent(r.GetValue(tenant)!, r.GetValue(team)) }, cancellationToken: ct);
            Console.WriteLine($"estimated wait {e.EstimatedWait.ToTimeSpan():c} ({Printer.Name(e.Basis)}, {e.SampleCount} recent first responses, backlog {e.Backlog})");
        });
        return command;
    }

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

    private static Command TriageModels(Option<string> tenant)
    {
        static string TriagingWith(Wire.ActiveTriageModels active) => $"triaging with: sentiment v{active.SentimentVersion}, complaint v{active.ComplaintVersion}";
        static Wire.TriageTask Task(string value) => Printer.Parse<Wire.TriageTask>(value, "--task");
        static void Show(Wire.TriageModel m) => Console.WriteLine(
            $"{Printer.Name(m.Task),-10} v{m.Version,-3} {(m.Active ? "active" : "      ")} {Printer.Time(m.CreateTime)} by {m.CreatedBy}: {m.ExportRows} export + {m.CorrectionRows} corrected rows, "
            + $"{m.Folds}-fold macro-F1 {m.MacroF1:0.000} accuracy {m.Accuracy:0.000}"
            + string.Concat(m.Classes.Select(c => $"; {c.Label} P {c.Precision:0.00} R {c.Recall:0.00}"))
            + (m.Task == Wire.TriageTask.Complaint ? $"; threshold {m.Threshold:0.000} for recall {m.TargetRecall:0.00}" : ""));

        var list = new Command("list", "The brand's trained models with their cross-validated figures, and which ones triage now.");
        list.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var listed = await client.Admin.ListTriageModelsAsync(new Wire.ListTriageModelsRequest { Parent = $"tenants/{r.GetValue(tenant)}" }, cancellationToken: ct);
            Console.WriteLine($"{TriagingWith(listed.Active)} (v0 is the default model); {listed.Corrections} corrections stored");
            foreach (var model in listed.Models)
            {
                Show(model);
            }
        });

        var task = new Option<string>("--task") { Description = "sentiment or complaint.", Required = true };
        var csv = new Option<FileInfo?>("--csv") { Description = "A labeled export (RFC 4180, header row, UTF-8); without one, the corrections alone." };
        var textColumn = new Option<string>("--text-column") { Description = "The export's text column.", DefaultValueFactory = _ => "text" };
        var labelColumn = new Option<string>("--label-column") { Description = "The export's label column.", DefaultValueFactory = _ => "label" };
        var positive = new Option<string>("--positive") { Description = "For complaints: the export's label of a complaint.", DefaultValueFactory = _ => "1" };
        var noCorrections = new Option<bool>("--no-corrections") { Description = "Leave the agents' corrections out." };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds (2..20).", DefaultValueFactory = _ => 5 };
        var recall = new Option<double>("--recall") { Description = "For complaints: the share of complaints the model must find.", DefaultValueFactory = _ => 0.9 };
        var train = new Command("train", "Train the next version on the host (inactive until `activate`) and show its cross-validated figures.")
        {
            task, csv, textColumn, labelColumn, positive, noCorrections, folds, recall,
        };
        train.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var which = Task(r.GetValue(task)!);
            var request = new Wire.TrainTriageModelRequest
            {
                Parent = $"tenants/{r.GetValue(tenant)}",
                Task = which,
                TextColumn = r.GetValue(textColumn)!,
                LabelColumn = r.GetValue(labelColumn)!,
                PositiveLabel = r.GetValue(positive)!,
                ExcludeCorrections = r.GetValue(noCorrections),
                Folds = r.GetValue(folds),
                TargetRecall = which == Wire.TriageTask.Complaint ? r.GetValue(recall) : 0,
            };
            if (r.GetValue(csv) is { } file)
            {
                request.Csv = Google.Protobuf.ByteString.CopyFrom(await File.ReadAllBytesAsync(file.FullName, ct));
            }

            // Training takes as long as the export is large: minutes, not the usual seconds.
            var trained = await client.Admin.TrainTriageModelAsync(request, deadline: DateTime.UtcNow.AddMinutes(30), cancellationToken: ct);
            Show(trained.Model);
        });

        var activateTask = new Option<string>("--task") { Description = "sentiment or complaint.", Required = true };
        var version = new Option<int>("--version") { Description = "The version to triage with; 0 for the default model.", Required = true };
        var threshold = new Option<double>("--complaint-threshold") { Description = "For complaints: the tenant's own threshold (0..1); 0 keeps the model's." };
        var activate = new Command("activate", "Triage with a trained version from now on.") { activateTask, version, threshold };
        activate.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var active = (await client.Admin.ActivateTriageModelAsync(new Wire.ActivateTriageModelRequest
            {
                Parent = $"tenants/{r.GetValue(tenant)}",
                Task = Task(r.GetValue(activateTask)!),
                Version = r.GetValue(version),
                ComplaintThreshold = r.GetValue(threshold),
            }, cancellationToken: ct)).Active;
            Console.WriteLine(TriagingWith(active));
        });

        var rollbackTask = new Option<string>("--task") { Description = "sentiment or complaint.", Required = true };
        var rollback = new Command("rollback", "Go back to the version that triaged before the current one.") { rollbackTask };
        rollback.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var active = (await client.Admin.RollbackTriageModelAsync(new Wire.RollbackTriageModelRequest { Parent = $"tenants/{r.GetValue(tenant)}", Task = Task(r.GetValue(rollbackTask)!) }, cancellationToken: ct)).Active;
            Console.WriteLine(TriagingWith(active));
        });
        return new Command("triage-models", "The brand's own triage models on the host: train, list, activate, roll back.") { list, train, activate, rollback };
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

    /// <summary>The approvals queue: conversations whose reply waits for a supervisor, oldest deadline first.</summary>
    private static Command Approvals(Option<string> tenant)
    {
        var team = new Option<string?>("--team") { Description = "One team's approvals (default: the whole tenant)." };
        var command = new Command("approvals", "Supervisors: list replies waiting for approval, with what each says and why it waits.") { team };
        command.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var page = await client.Queues.ListQueueAsync(
                new Wire.ListQueueRequest { Parent = QueueParent(r.GetValue(tenant)!, r.GetValue(team)), PageSize = 100, AwaitingApprovalOnly = true },
                cancellationToken: ct);
            foreach (var item in page.Items)
            {
                var conversation = (await client.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = item.Conversation }, cancellationToken: ct)).Conversation;
                var waiting = conversation.Messages.FirstOrDefault(m => m.MessageId == conversation.AwaitingApprovalMessageId);
                Printer.QueueItem(item);
                if (waiting is not null)
                {
                    Console.WriteLine($"        reply {waiting.MessageId} by {waiting.AgentId}: {waiting.Text}");
                    Console.WriteLine($"        why: {string.Join("; ", waiting.Approval.Reasons)}");
                }
            }

            Console.WriteLine(page.Items.Count == 0 ? "no reply is waiting for approval" : page.Items.Count == 1 ? "1 reply waiting" : $"{page.Items.Count} replies waiting");
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

    private static Wire.Channel ParseChannel(string value) => value.ToUpperInvariant().Replace("-", "_", StringComparison.Ordinal) switch
    {
        "X" or "TWITTER" => Wire.Channel.X,
        "FACEBOOK" => Wire.Channel.Facebook,
        "INSTAGRAM" => Wire.Channel.Instagram,
        "MESSENGER" => Wire.Channel.Messenger,
        "WHATSAPP" => Wire.Channel.Whatsapp,
        "EMAIL" => Wire.Channel.Email,
        "WEB_CHAT" or "WEBCHAT" => Wire.Channel.WebChat,
        _ => Wire.Channel.Unspecified,
    };
}
