using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace SocialCare.Cli;

/// <summary>Plain text output: one line per item, readable by people and by grep.</summary>
internal static class Printer
{
    public static void Ingested(Wire.IngestMentionResponse r)
    {
        var what = r.Duplicate ? "duplicate of a stored message" : r.NewConversation ? "opened" : r.Reopened ? "reopened" : "joined";
        Console.WriteLine($"{what}: {r.Conversation}");
        Console.WriteLine($"  message {r.MessageId}, triage {Name(r.Triage.Category)} / {Name(r.Triage.Priority)} / {Name(r.Triage.Sentiment)} ({r.Triage.Reason})");
        Console.WriteLine($"  customer {r.Customer}");
    }

    public static void QueueItem(Wire.QueueItem i)
    {
        var due = i.NextDueTime is null ? "no clock running" : $"due {Time(i.NextDueTime)}";
        var breached = (i.SlaBreached ? " BREACHED" : "") + (i.ReplyUndelivered ? " REPLY NOT DELIVERED" : "")
            + (i.AwaitingApproval ? (i.ApprovalEscalated ? " APPROVAL OVERDUE" : " AWAITING APPROVAL") : "");
        var owner = i.AssignedAgentId.Length == 0 ? "unclaimed" : $"claimed by {i.AssignedAgentId}";
        Console.WriteLine($"{Name(i.Priority),-7} {Name(i.Category),-12} {i.Conversation}  [{Name(i.Channel)} {i.AuthorHandle}] {owner}, {due}{breached}");
        Console.WriteLine($"        \"{i.Preview}\"");
    }

    public static void Conversation(Wire.Conversation c, IEnumerable<Wire.ConversationReference>? earlier = null)
    {
        Console.WriteLine($"{c.Name}");
        Console.WriteLine($"  {Name(c.State)}, {Name(c.Priority)} {Name(c.Category)}, team {c.TeamId}, {(c.AssignedAgentId.Length == 0 ? "unclaimed" : $"claimed by {c.AssignedAgentId}")}");
        Console.WriteLine($"  {Name(c.Channel)} {c.Author?.Handle} ({c.Customer}); sentiment {Name(c.FirstSentiment)} -> {Name(c.Sentiment)}");
        if (c.PriorityReasons.Count > 0)
        {
            Console.WriteLine($"  priority: {string.Join("; ", c.PriorityReasons.Select(r => $"{Name(r.Priority)} ({r.Why})"))}");
        }

        if (c.PolicyVersion > 0 || c.Tags.Count > 0)
        {
            var rules = c.PolicyRules.Count == 0 ? "no rule matched" : $"rules {string.Join(", ", c.PolicyRules)}";
            Console.WriteLine($"  care policy v{c.PolicyVersion}: {rules}{(c.Tags.Count > 0 ? $"; tags {string.Join(", ", c.Tags)}" : "")}{(c.PolicyRequiresApproval ? "; replies need approval" : "")}");
        }

        foreach (var clock in c.SlaClocks)
        {
            var stop = clock.StopTime is null ? "" : $", stopped {Time(clock.StopTime)}";
            Console.WriteLine($"  SLA {Name(clock.Kind)}: {Name(clock.State)}, due {Time(clock.DueTime)}{stop}");
        }

        if (c.MessageCount > c.Messages.Count)
        {
            Console.WriteLine($"  ({c.MessageCount - c.Messages.Count} earlier messages; `socialcare history {c.Name}` lists them all)");
        }

        foreach (var m in c.Messages)
        {
            Message(m);
        }

        foreach (var e in earlier ?? [])
        {
            Console.WriteLine($"  earlier: {e.Conversation} [{Name(e.Channel)}] {Name(e.State)} \"{e.Preview}\"");
        }
    }

    /// <summary>One attachment on a line: its kind, what it is about, and where it is.</summary>
    private static string Attachment(Wire.Attachment a)
    {
        var kind = a.Kind == Wire.AttachmentKind.Unspecified ? a.NetworkType : Name(a.Kind);
        var about = new List<string>();
        if (a.Caption.Length > 0)
        {
            about.Add($"\"{a.Caption}\"");
        }

        if (a.Name.Length > 0)
        {
            about.Add(a.Name);
        }

        if (a.Location is { } l)
        {
            about.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{l.Latitude:0.#####},{l.Longitude:0.#####} {l.Name} {l.Address}").Trim());
        }

        if (a.Contact is { } c)
        {
            about.Add(string.Join(' ', [c.Name, .. c.Phones, .. c.Emails]));
        }

        if (a.MediaType.Length > 0)
        {
            about.Add(a.MediaType);
        }

        var where = a.Url.Length > 0 ? a.Url : a.MediaId.Length > 0 ? $"media {a.MediaId}" : "";
        return $"[{kind}] {string.Join(", ", about)}{(where.Length > 0 ? $" <{where}>" : "")}".Replace("]  <", "] <", StringComparison.Ordinal);
    }

    public static void Message(Wire.ConversationMessage m)
    {
        var who = m.Kind == Wire.MessageKind.Customer ? m.Author?.Handle : m.AgentId;
        if (m.ActedBy.Length > 0)
        {
            who += $" (by {m.ActedBy})";
        }

        var about = m.CorrectsMessageId.Length > 0 ? $" (corrects #{m.CorrectsMessageId})" : m.RetractsMessageId.Length > 0 ? $" (retracts #{m.RetractsMessageId})" : "";
        Console.WriteLine($"  #{m.MessageId} {Time(m.ReceiveTime)} {Name(m.Kind)} {Name(m.Visibility)} {who}{about}: {m.Text}");
        if (m.Standby)
        {
            Console.WriteLine("      came while another app held the thread (standby)");
        }

        if (m.DeleteTime is not null)
        {
            Console.WriteLine($"      deleted by the customer at {Time(m.DeleteTime)}");
        }

        if (m.EarlierVersions.Count > 0)
        {
            Console.WriteLine($"      edited {m.EarlierVersions.Count} time(s); before: \"{m.EarlierVersions[^1].Text}\"");
        }

        if (m.Reactions.Count > 0)
        {
            Console.WriteLine($"      reactions: {string.Join(' ', m.Reactions)}");
        }

        foreach (var attachment in m.Attachments)
        {
            Console.WriteLine($"      {Attachment(attachment)}");
        }

        if (m.Choice is { } choice)
        {
            Console.WriteLine($"      tapped {Name(choice.Kind)} \"{choice.Title}\"{(choice.Payload.Length > 0 ? $" ({choice.Payload})" : "")}{(choice.ResponseJson.Length > 0 ? $": {choice.ResponseJson}" : "")}");
        }

        if (m.Referral is { } referral)
        {
            Console.WriteLine($"      came from {referral.Source}{(referral.AdId.Length > 0 ? $" ad {referral.AdId}" : "")}{(referral.Ref.Length > 0 ? $" ref {referral.Ref}" : "")}{(referral.Headline.Length > 0 ? $" \"{referral.Headline}\"" : "")}");
        }
        if (m.Retraction is { } retraction)
        {
            Console.WriteLine($"      retraction: {Name(retraction.State)} (asked by {retraction.RequestedBy} at {Time(retraction.RequestTime)}, #{retraction.RetractionMessageId})");
        }

        if (m.Delivery is { } d)
        {
            var detail = d.State switch
            {
                Wire.DeliveryState.Sent => $"as {d.NetworkMessageId} at {Time(d.SentTime)}",
                Wire.DeliveryState.Failed => d.LastError,
                _ => d.FailedAttempts == 0 ? "waiting for a connector" : $"{d.FailedAttempts} failed tries, next at {Time(d.NextAttemptTime)} ({d.LastError})",
            };
            Console.WriteLine($"      delivery {d.DeliveryId}: {Name(d.State)}, {detail}");
        }

        if (m.Approval is { } a)
        {
            var decided = a.State == Wire.ApprovalState.Pending ? $"since {Time(a.RequestTime)}" : $"by {a.DecidedBy} at {Time(a.DecideTime)}";
            var why = a.State == Wire.ApprovalState.Rejected ? $": {a.Reason}" : $" ({string.Join("; ", a.Reasons)})";
            Console.WriteLine($"      approval: {Name(a.State)} {decided}{why}");
        }
    }

    public static void Change(Wire.WatchQueueResponse e)
    {
        if (e.Type == Wire.QueueEventType.Subscribed)
        {
            Console.WriteLine("watching; changes appear below (Ctrl-C to stop)");
            return;
        }

        Console.WriteLine($"{Time(e.EventTime)} {Name(e.Type)} ({Name(e.Reason)}) seq {e.Sequence.ToString(CultureInfo.InvariantCulture)}");
        QueueItem(e.Item);
    }

    public static string Time(Timestamp? t) =>
        t is null ? "-" : t.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Enum names without their type prefix: PRIORITY_HIGH prints as "high".</summary>
    public static string Name<T>(T value)
        where T : struct, System.Enum =>
        Name((System.Enum)value);

    /// <summary>The same, for a value whose enum type is not known where it is printed.</summary>
    public static string Name(System.Enum value) => value.ToString().ToLowerInvariant();

    /// <summary>An enum value as people type it ("booking_help", "Complaint"); anything else is an error naming the option.</summary>
    public static T Parse<T>(string value, string option)
        where T : struct, System.Enum
    {
        var names = System.Enum.GetNames<T>().Where(n => n != "Unspecified").ToList();
        var typed = value.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var match = names.FirstOrDefault(n => string.Equals(n, typed, StringComparison.OrdinalIgnoreCase));
        return match is null
            ? throw new ArgumentException($"{option} {value}: expected one of {string.Join(", ", names.Select(n => System.Text.RegularExpressions.Regex.Replace(n, "(?<=[a-z])(?=[A-Z])", "_").ToLowerInvariant()))}.")
            : System.Enum.Parse<T>(match);
    }
}
