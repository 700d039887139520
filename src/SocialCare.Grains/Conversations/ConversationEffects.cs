using Microsoft.Extensions.Logging;
using SocialCare.Domain.Access;
using SocialCare.Domain.Audit;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Deliveries;
using SocialCare.Domain.Queues;
using SocialCare.Domain.Text;
using SocialCare.Grains.Hosting;
using SocialCare.Grains.Journal;
using E = SocialCare.Domain.Conversations.ConversationEvent;
using SocialCare.Grains.Abstractions;

namespace SocialCare.Grains.Conversations;

/// <summary>What follows from one event, for the change pipeline to carry out (see <see cref="ConversationEffects"/>).</summary>
internal sealed record ConversationEffect
{
    public static readonly ConversationEffect None = new();

    /// <summary>The trail's entry: action, detail, and the agent it is attributed to (none: the caller or the desk itself).</summary>
    public (string Action, string Detail, CareActor? Agent)? Audit { get; init; }

    /// <summary>Why the queue hears of the change; the change's first event with a reason names it, null: the queue is not told.</summary>
    public QueueChangeReason? Queue { get; init; }

    /// <summary>How long the customer waited, when the change answered them first in this cycle.</summary>
    public TimeSpan? FirstResponse { get; init; }

    /// <summary>The reply (or retraction) whose outbox row the change writes.</summary>
    public ConversationMessage? Outbox { get; init; }

    /// <summary>The customer's message stored by its network key, so no redelivery is stored twice.</summary>
    public ReceivedMessage? Received { get; init; }

    /// <summary>A team whose queue the conversation left, and why that queue hears of it.</summary>
    public (string TeamId, QueueChangeReason Reason)? LeftQueue { get; init; }

    /// <summary>The customer's timeline shows the conversation's new state.</summary>
    public bool Customer { get; init; }

    /// <summary>A saved reply was sent: its use is counted for the brand's library.</summary>
    public (string SavedReplyId, DateTimeOffset At)? SavedReplyUsed { get; init; }

    /// <summary>The resolved case joins the tenant's knowledge.</summary>
    public bool Knowledge { get; init; }

    /// <summary>Metrics and logs, once the change is stored.</summary>
    public Action<CareMetrics, ILogger, string, Conversation>? Observe { get; init; }
}

/// <summary>
/// The one place that decides what each thing that happens to a conversation leads to: its audit
/// action and detail, the queue's reason, its outbox row, metrics and logs, the customer's
/// timeline and knowledge. Commands only call the domain; the grain's change pipeline stores and
/// notifies what this table says (<c>ConversationGrain.ChangeAsync</c>).
/// </summary>
internal static class ConversationEffects
{
    /// <param name="conversation">The conversation after the change.</param>
    public static ConversationEffect Of(ConversationEvent change, Conversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var open = conversation.Status != ConversationStatus.Resolved;
        return change switch
        {
            E.Opened e => new()
            {
                Audit = (AuditActions.ConversationOpened, Describe(e.Message), null),
                Received = new ReceivedMessage(NetworkMessageKey.Of(e.Mention), e.Message.Sequence),
                Queue = QueueChangeReason.CustomerMessage,
                Observe = static (_, logger, key, c) => GrainLog.ConversationOpened(logger, key, c.Channel, c.CustomerId, c.Priority),
            },
            E.CustomerWrote e => new()
            {
                Audit = (e.Reopens ? AuditActions.ConversationReopenedByCustomer : AuditActions.MessageReceived, Describe(e.Message), null),
                Received = new ReceivedMessage(NetworkMessageKey.Of(e.Mention), e.Message.Sequence),
                Queue = e.Reopens ? QueueChangeReason.Reopened : QueueChangeReason.CustomerMessage,
                Customer = e.Reopens,
            },
            E.NetworkChanged e => new()
            {
                Audit = (
                    e.Change.Kind switch
                    {
                        MessageChangeKind.Edited => AuditActions.MessageEdited,
                        MessageChangeKind.Deleted => AuditActions.MessageDeleted,
                        _ => AuditActions.MessageReacted,
                    },
                    e.Change.Kind is MessageChangeKind.Reacted or MessageChangeKind.Unreacted
                        ? $"{Describe(e.Message)} reaction={(e.Change.Kind == MessageChangeKind.Reacted ? "+" : "-")}{e.Change.Reaction}"
                        : Describe(e.Message),
                    null),
                Queue = open && e.PreviewChanged ? QueueChangeReason.MessageChanged : null,
            },
            E.Claimed e => new() { Audit = (AuditActions.Claimed, "", e.Agent), Queue = QueueChangeReason.Claimed },
            E.Assigned e => new() { Audit = (AuditActions.Assigned, $"assignee={e.AssigneeId}", e.Supervisor), Queue = QueueChangeReason.Assigned },
            E.Released e => new() { Audit = (AuditActions.Released, $"from={e.FromAgentId}", e.Actor), Queue = QueueChangeReason.Released },
            E.Replied e => new()
            {
                Audit = (AuditActions.Replied, $"{Describe(e.Reply)} visibility={e.Reply.Visibility}{(e.Reply.CorrectsMessageId is { } corrected ? $" corrects={corrected}" : "")}", e.Agent),
                // A reply waiting for approval goes nowhere yet: its request is the queue's news.
                Outbox = e.Reply.Approval is null ? e.Reply : null,
                Queue = e.Reply.Approval is null ? QueueChangeReason.Replied : null,
                FirstResponse = e.FirstResponse,
                SavedReplyUsed = e.SavedReplyId is { } saved ? (saved, e.Reply.ReceivedAt) : null,
                Observe = (metrics, _, _, c) => metrics.ReplyPosted(c.TenantId, c.TeamId, c.Channel, e.Reply.Visibility),
            },
            E.ApprovalRequested e => new()
            {
                Audit = (AuditActions.ApprovalRequested, $"message={e.Reply.MessageId} reasons={string.Join("; ", e.Reply.Approval!.Reasons)}", e.Agent),
                Queue = QueueChangeReason.ApprovalRequested,
            },
            E.ReplyApproved e => new()
            {
                Audit = (AuditActions.ReplyApproved, $"message={e.Reply.MessageId} author={e.Reply.AgentId} delivery={e.Reply.Delivery!.DeliveryId}", e.Supervisor),
                Outbox = e.Reply,
                Queue = QueueChangeReason.ReplyApproved,
                FirstResponse = e.FirstResponse,
            },
            E.ReplyRejected e => new()
            {
                Audit = (AuditActions.ReplyRejected, $"message={e.Reply.MessageId} author={e.Reply.AgentId} reason={e.Reply.Approval!.Reason}", e.Supervisor),
                Queue = QueueChangeReason.ReplyRejected,
            },
            E.ApprovalEscalated e => new() { Audit = (AuditActions.ApprovalEscalated, $"message={e.MessageSequence}", null), Queue = QueueChangeReason.ApprovalEscalated },
            E.RetractionRequested e => new()
            {
                Audit = (AuditActions.RetractionRequested, $"message={e.Retraction.MessageId} retracts={e.Retraction.RetractsMessageId} network_message_id={e.Retraction.RetractsNetworkMessageId}", e.Agent),
                Outbox = e.Retraction,
                Queue = open ? QueueChangeReason.NoteAdded : null,
            },
            E.TriageCorrected e => new()
            {
                Audit = (AuditActions.TriageCorrected, string.Join(' ', new[]
                {
                    $"message={e.Message.MessageId}",
                    e.Category is { } c ? $"category={EnumWords.Of(e.Said.Category)}->{EnumWords.Of(c)}" : null,
                    e.Sentiment is { } s ? $"sentiment={EnumWords.Of(e.Said.Sentiment)}->{EnumWords.Of(s)}" : null,
                }.Where(part => part is not null)), e.Agent),
                Queue = QueueChangeReason.TriageCorrected,
            },
            E.NoteAdded e => new() { Audit = (AuditActions.NoteAdded, Describe(e.Note), e.Agent), Queue = open ? QueueChangeReason.NoteAdded : null },
            E.Escalated e => new() { Audit = (AuditActions.Escalated, $"from={e.FromTeamId} to={e.ToTeamId}", e.Agent), LeftQueue = (e.FromTeamId, QueueChangeReason.Escalated), Queue = QueueChangeReason.Escalated },
            E.Resolved e => new()
            {
                Audit = (AuditActions.Resolved, "", e.Agent),
                Queue = QueueChangeReason.Resolved,
                Customer = true,
                Knowledge = true,
                Observe = static (metrics, _, _, c) => metrics.Resolved(c.TenantId, c.TeamId, (c.ResolvedAt ?? c.OpenedAt) - c.OpenedAt),
            },
            E.Reopened e => new() { Audit = (AuditActions.Reopened, "", e.Agent), Queue = QueueChangeReason.Reopened, Customer = true },
            E.SlaBreached e => new()
            {
                Queue = QueueChangeReason.SlaBreached,
                Observe = (metrics, logger, key, c) =>
                {
                    metrics.Breached(c.TenantId, c.TeamId, e.Breach.Kind);
                    GrainLog.SlaBreached(logger, key, e.Breach.Kind, e.Breach.DueAt);
                },
            },
            E.DeliveryReported e => Delivered(e, open),
            E.CustomerChanged e => new() { Audit = (AuditActions.CustomerChanged, $"from=customers/{e.FromCustomerId} to=customers/{e.ToCustomerId}", null) },
            _ => throw new ArgumentOutOfRangeException(nameof(change), change, "An event without effects: add it to the table."),
        };
    }

    /// <summary>
    /// The trail's entry for a reply the guardrails refused: nothing of the conversation changed,
    /// but the trail says who tried to publish what kind of data (never the words themselves).
    /// </summary>
    public static (string Action, string Detail, CareActor Agent) Blocked(Visibility visibility, IReadOnlyList<Domain.Guardrails.GuardrailFinding> findings, CareActor agent)
    {
        ArgumentNullException.ThrowIfNull(findings);
        return (AuditActions.ReplyBlocked, $"visibility={visibility} found={string.Join(',', findings.Select(f => EnumWords.Of(f.Kind)).Distinct())}", agent);
    }

    /// <summary>A sender's report: the outbox row always; the trail once settled; the queue when the customer's side changed.</summary>
    private static ConversationEffect Delivered(E.DeliveryReported e, bool open)
    {
        var message = e.Message;
        var delivery = message.Delivery!;
        var sent = delivery.State == DeliveryState.Sent;
        void Observe(CareMetrics metrics, ILogger logger, string key, Conversation c) => metrics.DeliveryReported(c.TenantId, c.Channel, e.Outcome, delivery.State);
        if (message.Kind == MessageKind.Retraction)
        {
            return new()
            {
                Audit = delivery.IsSettled
                    ? (sent ? AuditActions.Retracted : AuditActions.RetractionFailed,
                        $"message={message.RetractsMessageId} retraction={message.MessageId} network_message_id={message.RetractsNetworkMessageId}{(sent ? "" : $" reason={delivery.LastError}")}",
                        null)
                    : null,
                Outbox = message,
                Queue = delivery.IsSettled && open ? QueueChangeReason.NoteAdded : null,
                Observe = Observe,
            };
        }

        var undelivered = e.Settlement == DeliverySettlement.Undelivered;
        return new()
        {
            Audit = delivery.IsSettled
                ? (sent ? AuditActions.ReplyDelivered : AuditActions.ReplyUndelivered,
                    sent
                        ? $"message={message.MessageId} delivery={delivery.DeliveryId} network_message_id={delivery.NetworkMessageId}"
                        : $"message={message.MessageId} delivery={delivery.DeliveryId} reason={delivery.LastError}",
                    null)
                : null,
            Outbox = message,
            Queue = undelivered ? QueueChangeReason.ReplyFailed : sent && open ? QueueChangeReason.ReplySent : null,
            Customer = undelivered && e.WasResolved,
            Observe = Observe,
        };
    }

    /// <summary>Which message a change made, and for a customer's message which post of the network it is.</summary>
    private static string Describe(ConversationMessage message) =>
        message.NetworkMessageId is { } network ? $"message={message.MessageId} network_message_id={network}" : $"message={message.MessageId}";
}
