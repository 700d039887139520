using System.CommandLine;

namespace SocialCare.Cli;

/// <summary>Queues: work order, live changes, the published wait, the approvals queue.</summary>
internal static partial class CareCommands
{
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
}
