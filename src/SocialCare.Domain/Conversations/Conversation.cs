using System.Globalization;
using SocialCare.Domain.Access;
using SocialCare.Domain.Approvals;
using SocialCare.Domain.Customers;
using SocialCare.Domain.Deliveries;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Guardrails;
using SocialCare.Domain.Queues;
using SocialCare.Domain.Sla;
using SocialCare.Domain.Text;
using SocialCare.Domain.Triage;

namespace SocialCare.Domain.Conversations;

/// <summary>
/// One customer conversation: its state, channel history, assignment, escalations and SLA
/// clocks. Every rule of the care process that concerns a single conversation lives here; the
/// grain that hosts it only loads, calls, persists and notifies.
/// </summary>
/// <remarks>
/// It holds only its most recent messages (<see cref="ConversationLimits.RecentMessages"/>) and
/// what the rules need from older ones (SLA progress, previews, the count); messages appended
/// since the last save wait in <see cref="TakeUnsaved"/> for the host to journal them.
/// </remarks>
[GenerateSerializer]
public sealed class Conversation
{
    [Id(0)] public string TenantId { get; private set; } = "";
    [Id(1)] public string ConversationId { get; private set; } = "";
    [Id(2)] public string CustomerId { get; private set; } = "";
    [Id(3)] public Channel Channel { get; private set; }
    [Id(4)] public AuthorProfile? Author { get; private set; }
    [Id(5)] public ConversationStatus Status { get; private set; }
    [Id(6)] public string TeamId { get; private set; } = "";
    [Id(7)] public string? AssignedAgentId { get; private set; }
    /// <summary>The most urgent triage priority among the customer's messages.</summary>
    [Id(8)] public Priority TriagePriority { get; private set; }
    [Id(9)] public Category Category { get; private set; }
    [Id(10)] public Sentiment Sentiment { get; private set; }
    [Id(11)] public Sentiment FirstSentiment { get; private set; }
    /// <summary>The latest messages, oldest first; older ones are in the journal.</summary>
    [Id(12)] public List<ConversationMessage> RecentMessages { get; private set; } = [];
    [Id(13)] public List<Escalation> Escalations { get; private set; } = [];
    [Id(14)] public List<SlaBreach> Breaches { get; private set; } = [];
    [Id(15)] public List<SlaClock> SlaClocks { get; private set; } = [];
    [Id(16)] public DateTimeOffset OpenedAt { get; private set; }
    /// <summary>Start of the current cycle: the opening, or the latest reopening.</summary>
    [Id(17)] public DateTimeOffset CycleStartedAt { get; private set; }
    [Id(18)] public DateTimeOffset UpdatedAt { get; private set; }
    [Id(19)] public DateTimeOffset? FirstResponseAt { get; private set; }
    [Id(20)] public DateTimeOffset? ResolvedAt { get; private set; }
    [Id(21)] public int ReopenCount { get; private set; }
    /// <summary>The number of messages ever appended; also the last message's id.</summary>
    [Id(22)] public int MessageSequence { get; private set; }
    [Id(23)] public string? ThreadId { get; private set; }
    [Id(24)] public SlaCycleProgress SlaProgress { get; private set; } = SlaCycleProgress.None;
    [Id(25)] public string FirstCustomerPreview { get; private set; } = "";
    [Id(26)] public string LatestCustomerPreview { get; private set; } = "";
    /// <summary>
    /// The replies posted with a request id within <see cref="ConversationLimits.RequestIdRetention"/>,
    /// oldest first: what makes a retried PostReply idempotent however many messages came since.
    /// </summary>
    [Id(27)] public List<RecordedReply> RecentRequests { get; private set; } = [];

    /// <summary>When the customer last wrote, by the network's clock: Messenger's and WhatsApp's 24-hour window runs from it.</summary>
    [Id(28)] public DateTimeOffset? LastCustomerMessageAt { get; private set; }

    /// <summary>The network id of the customer's latest message: the comment a private reply answers.</summary>
    [Id(29)] public string? LastCustomerNetworkMessageId { get; private set; }

    /// <summary>Comments that already had their one private reply (Facebook, Instagram).</summary>
    [Id(30)] public List<string> PrivatelyAnswered { get; private set; } = [];

    /// <summary>Whether the customer's latest post was found by keyword rather than addressed to the brand (X allows no public reply to it).</summary>
    [Id(31)] public bool LastCustomerPostUnaddressed { get; private set; }

    /// <summary>The brand's account the customer wrote to: replies are sent from it ("" when the connector did not say).</summary>
    [Id(32)] public string AccountId { get; private set; } = "";

    /// <summary>The latest reply could not be delivered, so the customer has not seen it; cleared by the next reply.</summary>
    [Id(33)] public bool ReplyUndelivered { get; private set; }

    /// <summary>The customer's latest message was a direct message rather than a post or comment.</summary>
    [Id(34)] public bool LastCustomerMessagePrivate { get; private set; }

    /// <summary>The reply waiting for a supervisor's approval, by number; null when none waits (at most one does).</summary>
    [Id(35)] public int? AwaitingApproval { get; private set; }

    /// <summary>When the waiting reply is escalated if still undecided.</summary>
    [Id(36)] public DateTimeOffset? ApprovalEscalateAt { get; private set; }

    /// <summary>The waiting reply was escalated: it waited past <see cref="ApprovalEscalateAt"/>. Only ever true while a reply waits.</summary>
    [Id(37)] public bool ApprovalEscalated { get; private set; }

    /// <summary>For a group's conversation (a WhatsApp group): the group, which replies go to.</summary>
    [Id(38)] public string? GroupId { get; private set; }

    /// <summary>Labels the brand's care policy gave the conversation, in the order they were first given.</summary>
    [Id(39)] public List<string> Tags { get; private set; } = [];

    /// <summary>The version of the care policy that decided the conversation's priority (0: the default policy, or none ran).</summary>
    [Id(40)] public long PolicyVersion { get; private set; }

    /// <summary>The policy's rules that matched the message that decided the conversation's priority, in order.</summary>
    [Id(41)] public List<string> PolicyRules { get; private set; } = [];

    /// <summary>A policy rule said every reply in this conversation waits for a supervisor's approval.</summary>
    [Id(42)] public bool PolicyRequiresApproval { get; private set; }

    /// <summary>How the triage priority came about, one part each (category, influence, keyword search, rules).</summary>
    [Id(43)] public List<Policies.PriorityReason> PriorityReasons { get; private set; } = [];

    /// <summary>More tags than this on one conversation are not added (a policy gives at most 20 per rule).</summary>
    public const int MaxTags = 50;

    [NonSerialized]
    private List<ConversationMessage>? _unsaved;

    /// <summary>What happened since the last <see cref="TakeChanges"/> (not stored: its host stores what follows from it).</summary>
    [NonSerialized]
    private List<ConversationEvent>? _changes;

    public bool Exists => ConversationId.Length > 0;

    /// <summary>
    /// Work-order priority: triage's, raised one level while a breached clock still runs or a reply
    /// has waited too long for approval (once, not twice, when both).
    /// </summary>
    public Priority Priority =>
        SlaClocks.Exists(c => c.IsOverdue) || ApprovalEscalated ? PriorityRules.Raise(TriagePriority) : TriagePriority;

    /// <summary>
    /// The next moment the conversation must be looked at without anyone acting: a running SLA
    /// clock's due time, or a waiting approval's escalation. The sweeper wakes the conversation then.
    /// </summary>
    public DateTimeOffset? NextDeadline
    {
        get
        {
            var sla = SlaCalculator.NextDeadline(SlaClocks);
            if (AwaitingApproval is null || ApprovalEscalated || ApprovalEscalateAt is not { } escalate)
            {
                return sla;
            }

            return sla is { } due && due < escalate ? due : escalate;
        }
    }

    public ConversationMessage Open(
        string conversationId,
        string customerId,
        string teamId,
        Mention mention,
        TriageResult triage,
        DateTimeOffset now,
        Policies.PolicyDecision? policy = null)
    {
        ArgumentNullException.ThrowIfNull(mention);
        ArgumentNullException.ThrowIfNull(triage);
        if (Exists)
        {
            throw new InvalidOperationException($"Conversation {ConversationId} is already open.");
        }

        TenantId = mention.TenantId;
        ConversationId = conversationId;
        CustomerId = customerId;
        Channel = mention.Channel;
        Author = mention.Author;
        ThreadId = mention.ThreadId;
        AccountId = mention.AccountId;
        GroupId = mention.GroupId;
        TeamId = teamId;
        Status = ConversationStatus.Open;
        TriagePriority = triage.Priority;
        Category = triage.Category;
        FirstSentiment = triage.Sentiment;
        OpenedAt = now;
        CycleStartedAt = now;
        var message = AddCustomerMessage(mention, triage, now, policy);
        Record(new ConversationEvent.Opened(mention, message));
        return message;
    }

    /// <summary>Offers a further customer message to this conversation.</summary>
    public (InboundDisposition Disposition, ConversationMessage? Message) AcceptInbound(
        Mention mention,
        TriageResult triage,
        TimeSpan reopenWindow,
        DateTimeOffset now,
        Policies.PolicyDecision? policy = null)
    {
        ArgumentNullException.ThrowIfNull(mention);
        ArgumentNullException.ThrowIfNull(triage);
        var existing = FindCustomerMessage(mention.NetworkMessageId);
        if (existing is not null)
        {
            return (InboundDisposition.Duplicate, existing);
        }

        // The brand account is part of the conversation's identity: replies go out from the
        // account the customer wrote to, so a message to another of the brand's accounts opens
        // its own conversation. (A connector that names no account joins whichever is current.)
        if (AccountId.Length > 0 && mention.AccountId.Length > 0 && AccountId != mention.AccountId)
        {
            return (InboundDisposition.Refused, null);
        }

        if (Status == ConversationStatus.Resolved)
        {
            if (reopenWindow <= TimeSpan.Zero || ResolvedAt is not { } resolved || now - resolved > reopenWindow)
            {
                return (InboundDisposition.Refused, null);
            }

            StartNewCycle(now);
            var reopening = AddCustomerMessage(mention, triage, now, policy);
            Record(new ConversationEvent.CustomerWrote(mention, reopening, Reopens: true));
            return (InboundDisposition.Reopened, reopening);
        }

        var message = AddCustomerMessage(mention, triage, now, policy);
        Record(new ConversationEvent.CustomerWrote(mention, message, Reopens: false));
        return (InboundDisposition.Appended, message);
    }

    /// <summary>
    /// A recent customer message by its network id. Redeliveries arrive soon after the original,
    /// and the author's entry point remembers many more ids, so the recent window is enough here.
    /// </summary>
    public ConversationMessage? FindCustomerMessage(string networkMessageId) =>
        RecentMessages.Find(m => m.Kind == MessageKind.Customer && m.NetworkMessageId == networkMessageId);

    /// <summary>Messages appended since the last call, in order, for the journal; clears them.</summary>
    public IReadOnlyList<ConversationMessage> TakeUnsaved()
    {
        var unsaved = _unsaved;
        _unsaved = null;
        return unsaved ?? (IReadOnlyList<ConversationMessage>)[];
    }

    /// <summary>
    /// Puts back the recent messages after the state was read from storage, which keeps them as
    /// message rows rather than in the state (see <see cref="WithoutRecentMessages{T}"/>).
    /// </summary>
    public void RestoreRecentMessages(IEnumerable<ConversationMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (RecentMessages.Count > 0)
        {
            throw new InvalidOperationException($"Conversation {ConversationId} already holds its recent messages.");
        }

        RecentMessages = [.. messages];
    }

    /// <summary>
    /// Runs <paramref name="use"/> (the host serialising the state for storage) on this
    /// conversation without its recent messages, which the same write stores as message rows:
    /// storing them twice made every change rewrite up to 50 messages.
    /// </summary>
    public T WithoutRecentMessages<T>(Func<Conversation, T> use)
    {
        ArgumentNullException.ThrowIfNull(use);
        var recent = RecentMessages;
        RecentMessages = [];
        try
        {
            return use(this);
        }
        finally
        {
            RecentMessages = recent;
        }
    }

    /// <summary>What happened since the last call, in the order it happened, for the host to act on; clears it.</summary>
    public IReadOnlyList<ConversationEvent> TakeChanges()
    {
        var changes = _changes;
        _changes = null;
        return changes ?? (IReadOnlyList<ConversationEvent>)[];
    }

    private void Record(ConversationEvent change) => (_changes ??= []).Add(change);

    /// <returns>False when the agent already owned it.</returns>
    public bool Claim(CareActor actor, DateTimeOffset now)
    {
        var agentId = RequireActor(actor);
        if (Status == ConversationStatus.Resolved)
        {
            throw CareException.Precondition($"Conversation {ConversationId} is resolved; reopen it before claiming it.");
        }

        if (AssignedAgentId == agentId)
        {
            return false;
        }

        if (AssignedAgentId is not null)
        {
            throw CareException.Precondition($"Conversation {ConversationId} is already claimed by agent {Echo.Quote(AssignedAgentId)}.");
        }

        AssignedAgentId = agentId;
        Status = ConversationStatus.Assigned;
        UpdatedAt = now;
        Record(new ConversationEvent.Claimed(actor));
        return true;
    }

    /// <summary>
    /// A supervisor hands the conversation to an agent, whoever owns it now (an owner who is away,
    /// a desk being rebalanced). The handover is noted in the history so the new owner and the
    /// old one both see it.
    /// </summary>
    /// <returns>False when the agent already owned it.</returns>
    public bool Assign(CareActor supervisor, string? toAgentId, DateTimeOffset now)
    {
        RequireActor(supervisor);
        FieldRules.RequireId("assignee_id", toAgentId);
        if (Status == ConversationStatus.Resolved)
        {
            throw CareException.Precondition($"Conversation {ConversationId} is resolved; reopen it before assigning it.");
        }

        if (AssignedAgentId == toAgentId)
        {
            return false;
        }

        var previous = AssignedAgentId;
        AssignedAgentId = toAgentId;
        Status = ConversationStatus.Assigned;
        UpdatedAt = now;
        AppendNote(supervisor, previous is null ? $"Assigned to {toAgentId}." : $"Assigned to {toAgentId} (was {previous}).", now);
        Record(new ConversationEvent.Assigned(supervisor, toAgentId!));
        return true;
    }

    /// <summary>
    /// Records an agent's answer to the customer. A retry with the same request id, by the same
    /// agent and with the same reply, within <see cref="ConversationLimits.RequestIdRetention"/>
    /// returns the first reply instead of a second one; the same id with another agent or another
    /// reply is refused, so a reused id never hands out someone else's reply.
    /// </summary>
    public ReplyOutcome Reply(
        CareActor actor,
        string? text,
        string? signature,
        Visibility visibility,
        string? requestId,
        DateTimeOffset now,
        GuardrailPolicy? guardrails = null,
        ApprovalPolicy? approvals = null,
        ConversationMessage? corrects = null,
        string? savedReplyId = null)
    {
        var agentId = RequireActor(actor);
        FieldRules.OptionalId("request_id", requestId);
        var body = ReplyText.Compose(text, signature, Channel, visibility);
        var fingerprint = RecordedReply.FingerprintOf(body, visibility);
        if (!string.IsNullOrEmpty(requestId) && FindRecordedReply(requestId, now) is { } earlier)
        {
            if (earlier.AgentId != agentId)
            {
                throw CareException.Invalid("request_id", "was already used for a reply by another agent; every reply needs a request id of its own.");
            }

            if (earlier.Fingerprint != fingerprint)
            {
                throw CareException.Invalid("request_id", "was already used for a different reply (other text, signature or visibility); every reply needs a request id of its own.");
            }

            return new ReplyOutcome(earlier.MessageSequence, RecentMessages.Find(m => m.Sequence == earlier.MessageSequence), ReplyOrigin.FoundEarlier);
        }

        if (Status == ConversationStatus.Resolved)
        {
            throw CareException.Precondition($"Conversation {ConversationId} is resolved; reopen it before replying.");
        }

        RequireOwnerOrUnclaimed(agentId, "reply to");
        RequireNoReplyAwaitingApproval("reply to");
        if (corrects is not null && (corrects.Kind != MessageKind.AgentReply || corrects.Approval?.State == ApprovalState.Rejected))
        {
            throw CareException.Invalid("corrects_message_id", $"message {corrects.MessageId} is not a reply that was sent or is on its way; a correction follows one.");
        }

        ChannelRules.RequireReplyAllowed(this, visibility, now);
        var verdict = ReplyGuardrails.Check(body, signature, visibility, guardrails ?? GuardrailPolicy.Default);
        if (verdict.Blocked)
        {
            throw CareException.Blocked(verdict);
        }

        var policy = approvals ?? ApprovalPolicy.None;
        var approvalReasons = policy.ReasonsFor(this, agentId, verdict);
        AssignedAgentId = agentId;
        Status = ConversationStatus.Assigned;
        var message = new ConversationMessage(NextMessageId(), MessageKind.AgentReply, visibility, body, now, now)
        {
            AgentId = agentId,
            ActedBy = actor.ActedBy,
            RequestId = string.IsNullOrEmpty(requestId) ? null : requestId,
            InReplyToId = LastCustomerNetworkMessageId,
            CorrectsMessageId = corrects?.MessageId,
        };
        ConversationMessage reply;
        TimeSpan? firstResponse = null;
        if (approvalReasons.Count > 0)
        {
            // Stored without a delivery: nothing leaves until a supervisor approves it. The SLA
            // clocks keep running, since the customer has not been answered yet.
            reply = Append(message with { Approval = new ReplyApproval(ApprovalState.Pending, approvalReasons, now, now + policy.EscalateAfter) });
            AwaitingApproval = reply.Sequence;
            ApprovalEscalateAt = reply.Approval!.EscalateAt;
            ApprovalEscalated = false;
        }
        else
        {
            reply = Append(message with { Delivery = MessageDelivery.Pending(DeliveryIds.Of(ConversationId, MessageSequence), now) });
            firstResponse = CountAsAnswer(visibility, now);
        }

        Record(new ConversationEvent.Replied(actor, reply, firstResponse) { SavedReplyId = savedReplyId });
        if (reply.Approval is not null)
        {
            Record(new ConversationEvent.ApprovalRequested(actor, reply));
        }

        if (!string.IsNullOrEmpty(requestId))
        {
            RememberRequest(new RecordedReply(requestId, agentId, reply.Sequence, now, fingerprint), now);
        }

        return new ReplyOutcome(reply.Sequence, reply, ReplyOrigin.Created) { Warnings = [.. verdict.Warnings, .. verdict.NeedApproval] };
    }

    /// <summary>A reply leaving for the customer: it uses the channel's allowance and stops the first-response clock.</summary>
    /// <returns>How long the customer waited, when this is the cycle's first answer.</returns>
    private TimeSpan? CountAsAnswer(Visibility visibility, DateTimeOffset now)
    {
        ChannelRules.RecordReply(this, visibility);
        var first = FirstResponseAt is null ? now - CycleStartedAt : (TimeSpan?)null;
        FirstResponseAt ??= now;
        SlaProgress = SlaProgress.With(new SlaEvent(SlaEventKind.AgentResponse, now));
        ReplyUndelivered = false;
        return first;
    }

    /// <summary>
    /// A supervisor lets a waiting reply go: it gets its delivery now, and counts as the answer
    /// from now (the customer waited until then). The author never approves their own reply, nor
    /// does a supervisor who wrote it for them; the channel's rules are checked again, as a
    /// messaging window may have closed while it waited.
    /// </summary>
    /// <param name="reply">The waiting reply (its host reads it from the history if it is no longer recent).</param>
    /// <returns>The reply as approved, with its pending delivery.</returns>
    public ConversationMessage ApproveReply(CareActor supervisor, ConversationMessage reply, DateTimeOffset now)
    {
        var supervisorId = RequireActor(supervisor);
        var approval = RequireAwaitingApproval(reply, supervisorId, "approve");
        ChannelRules.RequireReplyAllowed(this, reply.Visibility, now);
        var firstResponse = CountAsAnswer(reply.Visibility, now);
        EndApprovalWait();
        var approved = reply with
        {
            Approval = approval with { State = ApprovalState.Approved, DecidedBy = supervisorId, DecidedAt = now },
            Delivery = MessageDelivery.Pending(DeliveryIds.Of(ConversationId, reply.Sequence), now),
        };
        Rewrite(approved);
        UpdatedAt = now;
        Record(new ConversationEvent.ReplyApproved(supervisor, approved, firstResponse));
        return approved;
    }

    /// <summary>
    /// A supervisor stops a waiting reply: it is never delivered, the reason is kept on it and
    /// noted in the history, and the conversation goes back to its author to write another.
    /// </summary>
    public ConversationMessage RejectReply(CareActor supervisor, ConversationMessage reply, string? reason, DateTimeOffset now)
    {
        var supervisorId = RequireActor(supervisor);
        var why = FieldRules.RequireText("reason", reason);
        var approval = RequireAwaitingApproval(reply, supervisorId, "reject");
        EndApprovalWait();
        var rejected = reply with
        {
            Approval = approval with { State = ApprovalState.Rejected, DecidedBy = supervisorId, DecidedAt = now, Reason = why },
        };
        Rewrite(rejected);
        if (reply.AgentId is { } author)
        {
            AssignedAgentId = author;
            Status = ConversationStatus.Assigned;
        }

        AppendNote($"Reply {reply.MessageId} was rejected by {supervisorId} and not sent: {why}", now, supervisorId);
        Record(new ConversationEvent.ReplyRejected(supervisor, rejected));
        return rejected;
    }

    /// <summary>
    /// Escalates a reply that has waited for approval past the policy's limit: flagged, raised a
    /// priority level and noted, once. Called when the sweeper wakes the conversation.
    /// </summary>
    /// <returns>True when it escalated now.</returns>
    public bool EscalateOverdueApproval(DateTimeOffset now)
    {
        if (AwaitingApproval is not { } waiting || ApprovalEscalated || ApprovalEscalateAt is not { } due || due > now)
        {
            return false;
        }

        ApprovalEscalated = true;
        AppendNote(string.Create(CultureInfo.InvariantCulture, $"Reply {waiting} has waited for approval since {due:u} (the policy's limit): escalated to the supervisors."), now);
        Record(new ConversationEvent.ApprovalEscalated(waiting));
        return true;
    }

    private ReplyApproval RequireAwaitingApproval(ConversationMessage reply, string deciderId, string action)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (reply.Kind != MessageKind.AgentReply || reply.Approval is not { } approval)
        {
            throw CareException.Precondition($"Message {reply.MessageId} of conversation {ConversationId} is not a reply that needed approval.");
        }

        if (approval.State != ApprovalState.Pending || AwaitingApproval != reply.Sequence)
        {
            throw CareException.Precondition(
                $"Reply {reply.MessageId} of conversation {ConversationId} was already {EnumWords.Of(approval.State)} by {approval.DecidedBy} at {approval.DecidedAt:u}.");
        }

        if (deciderId == reply.AgentId || deciderId == reply.ActedBy)
        {
            throw CareException.Denied(null, $"{deciderId} wrote reply {reply.MessageId}; another supervisor must {action} it.");
        }

        return approval;
    }

    private void EndApprovalWait()
    {
        AwaitingApproval = null;
        ApprovalEscalateAt = null;
        ApprovalEscalated = false;
    }

    /// <summary>While a reply waits for approval, nothing may overtake or orphan it: it is decided first.</summary>
    private void RequireNoReplyAwaitingApproval(string action)
    {
        if (AwaitingApproval is { } waiting)
        {
            throw CareException.Precondition(
                $"Reply {waiting} of conversation {ConversationId} is waiting for a supervisor's approval; it must be approved or rejected before you can {action} the conversation.");
        }
    }

    /// <summary>
    /// Applies a sender's report to the reply it concerns. A report for a settled delivery changes
    /// nothing (senders may report twice: the delivery id is their idempotency key). A retryable
    /// failure waits for its backoff, a rate limit for the network's hint; when the failures run out,
    /// or the network refuses the reply for good, the delivery fails and the conversation comes back
    /// to the agent who wrote it (reopened if it was resolved, since the customer was never answered).
    /// </summary>
    /// <param name="reply">The reply the report names (its host reads it from the history if it is no longer recent).</param>
    /// <param name="jitter">A number in [0, 1) that spreads retries (see <see cref="DeliveryRetry.Backoff"/>).</param>
    /// <param name="retracted">For a retraction's report: the reply it takes down, when its host had to read it from the history.</param>
    public DeliveryChange RecordDelivery(ConversationMessage reply, DeliveryReport report, DeliveryRetry retry, DateTimeOffset now, double jitter, ConversationMessage? retracted = null)
    {
        var wasResolved = Status == ConversationStatus.Resolved;
        var change = Deliver(reply, report, retry, now, jitter, retracted);
        if (change.Changed)
        {
            Record(new ConversationEvent.DeliveryReported(change.Reply, report.Outcome, change.Settlement, wasResolved));
        }

        return change;
    }

    private DeliveryChange Deliver(ConversationMessage reply, DeliveryReport report, DeliveryRetry retry, DateTimeOffset now, double jitter, ConversationMessage? retracted)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(retry);
        if (!reply.IsOutbound || reply.Delivery is not { } current || current.DeliveryId != report.DeliveryId)
        {
            throw DeliveryIds.NotFound(TenantId, report.DeliveryId);
        }

        // Only a late "it did not arrive" reopens a settled delivery: every other report of one is a repeat.
        if (current.IsSettled && !(report.Outcome == DeliveryOutcome.Undelivered && current.State == DeliveryState.Sent))
        {
            return new DeliveryChange(reply, DeliverySettlement.Repeated);
        }

        MessageDelivery next;
        switch (report.Outcome)
        {
            case DeliveryOutcome.Sent:
                FieldRules.RequireId("network_message_id", report.NetworkMessageId);
                next = current with { State = DeliveryState.Sent, NetworkMessageId = report.NetworkMessageId, SentAt = report.SentAt ?? now, NextAttemptAt = null };
                break;

            case DeliveryOutcome.RateLimited:
                next = current with
                {
                    LastError = ReasonOf(report, "rate limited by the network"),
                    NextAttemptAt = now + retry.RateLimitWait(report.RetryAfter, current.FailedAttempts, jitter),
                };
                break;

            case DeliveryOutcome.Retryable when current.FailedAttempts + 1 < DeliveryRetry.MaxFailures(Channel):
                next = current with
                {
                    FailedAttempts = current.FailedAttempts + 1,
                    LastError = ReasonOf(report, "the network did not answer"),
                    NextAttemptAt = now + retry.Backoff(current.FailedAttempts + 1, jitter),
                };
                break;

            case DeliveryOutcome.Undelivered:
                next = current with
                {
                    State = DeliveryState.Failed,
                    LastError = $"the network took the reply, then could not deliver it: {ReasonOf(report, "no reason given")}",
                    NextAttemptAt = null,
                };
                break;

            case DeliveryOutcome.Retryable or DeliveryOutcome.Rejected:
                var tries = current.FailedAttempts + 1;
                var reason = ReasonOf(report, "the network refused the reply");
                next = current with
                {
                    State = DeliveryState.Failed,
                    FailedAttempts = tries,
                    LastError = report.Outcome == DeliveryOutcome.Retryable ? $"gave up after {tries} tries; last: {reason}" : reason,
                    NextAttemptAt = null,
                };
                break;

            default:
                throw CareException.Invalid("outcome", "must be sent, retryable, rejected, rate_limited or undelivered.");
        }

        var updated = reply with { Delivery = next };
        Rewrite(updated);
        if (reply.Kind == MessageKind.Retraction)
        {
            return SettleRetraction(updated, retracted, now);
        }

        if (next.State != DeliveryState.Failed)
        {
            return new DeliveryChange(updated, DeliverySettlement.Updated);
        }

        ReturnUndelivered(updated, now);
        return new DeliveryChange(updated, DeliverySettlement.Undelivered);
    }

    /// <summary>
    /// Asks for a published reply to be taken off the network: a retraction entry in the history,
    /// with its own delivery for the connector (which deletes the post where the network allows
    /// it). The reply stays in the history and the trail. Any agent of the conversation's team may
    /// ask, also after it is resolved: a mistake is often seen late.
    /// </summary>
    /// <param name="reply">The published reply (its host reads it from the history if it is no longer recent).</param>
    /// <returns>The retraction entry, with its pending delivery.</returns>
    public ConversationMessage RequestRetraction(CareActor actor, ConversationMessage reply, string? reason, DateTimeOffset now)
    {
        var agentId = RequireActor(actor);
        ArgumentNullException.ThrowIfNull(reply);
        var why = FieldRules.RequireText("reason", reason);
        if (reply.Kind != MessageKind.AgentReply)
        {
            throw CareException.Invalid("message_id", $"message {reply.MessageId} is not a reply; only what the desk published can be retracted.");
        }

        if (reply.Delivery is not { State: DeliveryState.Sent, NetworkMessageId: { } published })
        {
            throw CareException.Precondition(
                $"Reply {reply.MessageId} of conversation {ConversationId} is not published ({(reply.Delivery is null ? "it was never sent" : EnumWords.Of(reply.Delivery.State))}); only a reply the network published can be retracted.");
        }

        if (reply.Retraction is { State: not RetractionState.Failed } earlier)
        {
            throw CareException.Precondition(
                $"Retraction of reply {reply.MessageId} was already {(earlier.State == RetractionState.Retracted ? "done" : "requested")} by {earlier.RequestedBy} at {earlier.RequestedAt:u} (message {earlier.RetractionMessageId}).");
        }

        var retraction = Append(new ConversationMessage(NextMessageId(), MessageKind.Retraction, reply.Visibility, why, now, now)
        {
            AgentId = agentId,
            ActedBy = actor.ActedBy,
            RetractsMessageId = reply.MessageId,
            RetractsNetworkMessageId = published,
            Delivery = MessageDelivery.Pending(DeliveryIds.Of(ConversationId, MessageSequence), now),
        });
        Rewrite(reply with { Retraction = new ReplyRetraction(RetractionState.Requested, retraction.MessageId, agentId, now) });
        Record(new ConversationEvent.RetractionRequested(actor, retraction));
        return retraction;
    }

    /// <summary>A retraction's delivery settled: the reply it concerns says whether it is gone, and a note says so in the history.</summary>
    private DeliveryChange SettleRetraction(ConversationMessage retraction, ConversationMessage? retracted, DateTimeOffset now)
    {
        var delivery = retraction.Delivery!;
        if (!delivery.IsSettled)
        {
            return new DeliveryChange(retraction, DeliverySettlement.Updated);
        }

        var gone = delivery.State == DeliveryState.Sent;
        var original = RecentMessages.Find(m => m.MessageId == retraction.RetractsMessageId) ?? retracted;
        if (original is { Retraction: { } asked } && original.MessageId == retraction.RetractsMessageId)
        {
            Rewrite(original with { Retraction = asked with { State = gone ? RetractionState.Retracted : RetractionState.Failed } });
        }

        AppendNote(
            gone
                ? $"Reply {retraction.RetractsMessageId} was taken off the network."
                : $"Reply {retraction.RetractsMessageId} could not be taken off the network: {delivery.LastError}. It is still public; follow it with a correction.",
            now,
            retraction.AgentId);
        return new DeliveryChange(retraction, DeliverySettlement.Updated);
    }

    private static string ReasonOf(DeliveryReport report, string otherwise) =>
        FieldRules.OptionalText("reason", report.Reason) is { } said ? ReplyText.Preview(said) : otherwise;

    /// <summary>
    /// A reply the customer never got puts the conversation back with its author: noted in the
    /// history, flagged in the queue and, if it was resolved meanwhile, reopened with them.
    /// </summary>
    private void ReturnUndelivered(ConversationMessage reply, DateTimeOffset now)
    {
        if (Status == ConversationStatus.Resolved)
        {
            StartNewCycle(now);
        }

        if (AssignedAgentId is null && reply.AgentId is { } author)
        {
            AssignedAgentId = author;
            Status = ConversationStatus.Assigned;
        }

        ReplyUndelivered = true;
        UpdatedAt = now;
        AppendNote($"Reply {reply.MessageId} was not delivered: {reply.Delivery!.LastError}. The customer has not seen it.", now, reply.AgentId);
    }

    /// <summary>Stores a changed message again (its row is replaced by number).</summary>
    private void Rewrite(ConversationMessage message)
    {
        var recent = RecentMessages.FindIndex(m => m.Sequence == message.Sequence);
        if (recent >= 0)
        {
            RecentMessages[recent] = message;
        }

        (_unsaved ??= []).Add(message);
    }

    private RecordedReply? FindRecordedReply(string requestId, DateTimeOffset now)
    {
        for (var i = RecentRequests.Count - 1; i >= 0; i--)
        {
            var recorded = RecentRequests[i];
            if (recorded.RequestId == requestId)
            {
                return now - recorded.At <= ConversationLimits.RequestIdRetention ? recorded : null;
            }
        }

        return null;
    }

    private void RememberRequest(RecordedReply recorded, DateTimeOffset now)
    {
        var expired = 0;
        while (expired < RecentRequests.Count && now - RecentRequests[expired].At > ConversationLimits.RequestIdRetention)
        {
            expired++;
        }

        var excess = RecentRequests.Count - expired + 1 - ConversationLimits.MaxRememberedRequests;
        RecentRequests.RemoveRange(0, expired + Math.Max(0, excess));
        RecentRequests.Add(recorded);
    }

    /// <summary>
    /// An internal note, never shown to the customer. Any agent may add one, also to a
    /// conversation someone else has claimed or that is resolved: colleagues, the second line and
    /// departments document what they know where the owner will see it.
    /// </summary>
    public ConversationMessage AddNote(CareActor actor, string? text, DateTimeOffset now)
    {
        RequireActor(actor);
        var body = FieldRules.RequireText("text", text);
        var note = AppendNote(actor, body, now);
        Record(new ConversationEvent.NoteAdded(actor, note));
        return note;
    }

    /// <summary>
    /// Refuses a correction that cannot be taken, before anything is stored: only a customer
    /// message was triaged, and a correction says at least one thing.
    /// </summary>
    public static void RequireCorrectable(ConversationMessage message, Category? category, Sentiment? sentiment)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Kind != MessageKind.Customer || message.Triage is null)
        {
            throw CareException.Invalid("message_id", $"names message {message.MessageId}, which is not the customer's ({EnumWords.Of(message.Kind)}); only customer messages are triaged.");
        }

        if (category is null && sentiment is null)
        {
            throw CareException.Invalid("category", "give the right category, the right sentiment, or both.");
        }
    }

    /// <summary>
    /// An agent's correction of a customer message's triage: the conversation takes the corrected
    /// category (and the priority that category gives its sender) and, when the message is the
    /// customer's latest, the corrected sentiment. An internal note records what changed; the
    /// message keeps what the model said, so the two can be compared.
    /// </summary>
    public ConversationMessage CorrectTriage(CareActor actor, ConversationMessage message, Category? category, Sentiment? sentiment, DateTimeOffset now)
    {
        RequireActor(actor);
        RequireCorrectable(message, category, sentiment);
        var said = message.Triage!;
        var changes = new List<string>(2);
        if (category is { } corrected)
        {
            changes.Add($"category {EnumWords.Of(said.Category)} -> {EnumWords.Of(corrected)}");
            Category = corrected;
            TriagePriority = message.Author is { } author ? PriorityRules.For(corrected, author) : PriorityRules.ForCategory(corrected);
        }

        if (sentiment is { } feeling)
        {
            changes.Add($"sentiment {EnumWords.Of(said.Sentiment)} -> {EnumWords.Of(feeling)}");
            if (message.NetworkMessageId is { } networkId && networkId == LastCustomerNetworkMessageId)
            {
                Sentiment = feeling;
            }
        }

        var note = AppendNote(actor, $"Triage of message {message.MessageId} corrected: {string.Join("; ", changes)}.", now);
        Record(new ConversationEvent.TriageCorrected(actor, message, said, category, sentiment));
        return note;
    }

    /// <summary>What the queue shows for a message the customer deleted.</summary>
    public const string DeletedPreview = "(deleted by the customer)";

    /// <summary>Most earlier versions an edited message keeps (a message edited more often keeps its latest ones).</summary>
    public const int MaxEarlierVersions = 20;

    /// <summary>Most reactions kept on one message.</summary>
    public const int MaxReactions = 10;

    /// <summary>
    /// Applies what a network says happened to <paramref name="message"/> (one of this
    /// conversation's). An edit or a deletion applies to the customer's own messages; a reaction
    /// to any message the customer saw. None is a new message: no clock starts or stops, nothing
    /// reopens, the queue's order stays; the previews follow the message's new words.
    /// </summary>
    /// <returns>Whether the message changed (a redelivered change changes nothing).</returns>
    public bool ApplyNetworkChange(MessageChange change, ConversationMessage message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(message);
        var (latest, first) = (LatestCustomerPreview, FirstCustomerPreview);
        var at = change.At ?? now;
        ConversationMessage changed;
        switch (change.Kind)
        {
            case MessageChangeKind.Edited when message.Kind == MessageKind.Customer && message.DeletedAt is null:
                var text = change.Text ?? "";
                if (text == message.Text)
                {
                    return false;
                }

                changed = message with
                {
                    Text = text,
                    EarlierVersions = [.. (message.EarlierVersions ?? []).Append(new MessageVersion(message.Text, at)).TakeLast(MaxEarlierVersions)],
                };
                Repreview(message, MessageContent.Preview(text, message.Attachments, message.Choice));
                break;
            case MessageChangeKind.Deleted when message.Kind == MessageKind.Customer:
                if (message.DeletedAt is not null)
                {
                    return false;
                }

                changed = message with { Text = "", Attachments = null, Choice = null, EarlierVersions = null, DeletedAt = at };
                Repreview(message, DeletedPreview);
                break;
            case MessageChangeKind.Reacted:
                var reaction = change.Reaction ?? "";
                var reactions = message.Reactions ?? [];
                if (reaction.Length == 0 || reactions.Contains(reaction))
                {
                    return false;
                }

                changed = message with { Reactions = [.. reactions.Append(reaction).TakeLast(MaxReactions)] };
                break;
            case MessageChangeKind.Unreacted:
                var before = message.Reactions ?? [];
                var after = change.Reaction is { Length: > 0 } taken ? before.Where(r => r != taken).ToList() : [];
                if (after.Count == before.Count)
                {
                    return false;
                }

                changed = message with { Reactions = after.Count == 0 ? null : after };
                break;
            default:
                // An edit of a reply, a deletion of something not the customer's: not theirs to change.
                return false;
        }

        Rewrite(changed);
        Record(new ConversationEvent.NetworkChanged(change, message, latest != LatestCustomerPreview || first != FirstCustomerPreview));
        return true;
    }

    /// <summary>The previews that showed <paramref name="message"/>'s words now show <paramref name="preview"/>.</summary>
    private void Repreview(ConversationMessage message, string preview)
    {
        if (message.Sequence == 1)
        {
            FirstCustomerPreview = preview;
        }

        if (message.NetworkMessageId is { } networkId && networkId == LastCustomerNetworkMessageId)
        {
            LatestCustomerPreview = preview;
        }
    }

    /// <summary>The conversation belongs to another customer from now on (their identities were joined or split).</summary>
    /// <returns>False when it already did.</returns>
    public bool ChangeCustomer(string customerId)
    {
        FieldRules.RequireId("customer_id", customerId);
        if (CustomerId == customerId)
        {
            return false;
        }

        Record(new ConversationEvent.CustomerChanged(CustomerId, customerId));
        CustomerId = customerId;
        return true;
    }

    /// <summary>
    /// Hands a claimed conversation back to its team's queue, unclaimed, with a note saying so:
    /// its owner does (going off shift, or it needs someone else), or a supervisor does for anyone
    /// (<paramref name="scope"/>). The clocks run on as they were.
    /// </summary>
    /// <returns>False when nobody had claimed it.</returns>
    public bool Release(CareActor actor, ReleaseScope scope, DateTimeOffset now)
    {
        var agentId = RequireActor(actor);
        if (Status == ConversationStatus.Resolved)
        {
            throw CareException.Precondition($"Conversation {ConversationId} is resolved; there is nothing to release.");
        }

        if (AssignedAgentId is not { } owner)
        {
            return false;
        }

        if (owner != agentId && scope != ReleaseScope.Anyone)
        {
            throw CareException.Denied(null, $"Conversation {ConversationId} is claimed by agent {Echo.Quote(owner)}; only they or a supervisor can release it.");
        }

        RequireNoReplyAwaitingApproval("release");
        AssignedAgentId = null;
        Status = ConversationStatus.Open;
        AppendNote(actor, owner == agentId ? $"Released by {owner}: back in the queue." : $"Released from {owner} by {agentId}: back in the queue.", now);
        Record(new ConversationEvent.Released(actor, owner));
        return true;
    }

    public void Escalate(CareActor actor, string toTeamId, string? note, DateTimeOffset now)
    {
        var agentId = RequireActor(actor);
        var body = FieldRules.RequireText("note", note);
        if (Status == ConversationStatus.Resolved)
        {
            throw CareException.Precondition($"Conversation {ConversationId} is resolved; reopen it before escalating it.");
        }

        RequireOwnerOrUnclaimed(agentId, "escalate");
        RequireNoReplyAwaitingApproval("escalate");

        if (toTeamId == TeamId)
        {
            throw CareException.Precondition($"Conversation {ConversationId} is already with team {Echo.Quote(toTeamId)}.");
        }

        Escalations.Add(new Escalation(TeamId, toTeamId, agentId, body, now));
        AppendNote(actor, $"Escalated from {TeamId} to {toTeamId}: {body}", now);
        Record(new ConversationEvent.Escalated(actor, TeamId, toTeamId));
        TeamId = toTeamId;
        AssignedAgentId = null;
        Status = ConversationStatus.Open;
    }

    /// <returns>False when it was already resolved (resolving is idempotent, whoever asks).</returns>
    public bool Resolve(CareActor actor, string? note, DateTimeOffset now)
    {
        var agentId = RequireActor(actor);
        var body = FieldRules.OptionalText("note", note);
        if (Status == ConversationStatus.Resolved)
        {
            return false;
        }

        RequireOwnerOrUnclaimed(agentId, "resolve");
        RequireNoReplyAwaitingApproval("resolve");
        if (body is not null)
        {
            AppendNote(actor, body, now);
        }

        Status = ConversationStatus.Resolved;
        ResolvedAt = now;
        UpdatedAt = now;
        Record(new ConversationEvent.Resolved(actor));
        return true;
    }

    /// <summary>Any agent may reopen a resolved conversation; it returns to its team's queue unclaimed.</summary>
    public void Reopen(CareActor actor, string? note, DateTimeOffset now)
    {
        RequireActor(actor);
        var body = FieldRules.OptionalText("note", note);
        if (Status != ConversationStatus.Resolved)
        {
            throw CareException.Precondition($"Conversation {ConversationId} is not resolved, so it cannot be reopened.");
        }

        StartNewCycle(now);
        if (body is not null)
        {
            AppendNote(actor, body, now);
        }

        Record(new ConversationEvent.Reopened(actor));
    }

    /// <summary>
    /// Recomputes the SLA clocks for "now" and records each clock's breach once.
    /// </summary>
    /// <returns>The breaches noticed by this evaluation.</returns>
    public IReadOnlyList<SlaBreach> EvaluateSla(SlaPolicy policy, BusinessCalendar calendar, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        SlaClocks = [.. SlaCalculator.Evaluate(CycleStartedAt, SlaProgress, ResolvedAt, policy.For(TriagePriority), calendar, now)];
        var noticed = new List<SlaBreach>();
        foreach (var clock in SlaClocks)
        {
            if (clock.State == SlaClockState.Breached && !IsRecorded(clock))
            {
                var breach = new SlaBreach(clock.Kind, clock.StartedAt, clock.DueAt, now);
                Breaches.Add(breach);
                noticed.Add(breach);
                Record(new ConversationEvent.SlaBreached(breach));
            }
        }

        return noticed;
    }

    private bool IsRecorded(SlaClock clock)
    {
        foreach (var breach in Breaches)
        {
            if (breach.Kind == clock.Kind && breach.StartedAt == clock.StartedAt)
            {
                return true;
            }
        }

        return false;
    }

    public QueueItem ToQueueItem()
    {
        // Unstopped clocks, breached ones included: the queue orders by the nearest due time.
        var running = SlaCalculator.EarliestDue(SlaClocks, static c => c.IsRunning);
        return new QueueItem(
            ConversationId,
            TeamId,
            Channel,
            Status,
            Priority,
            Category,
            AssignedAgentId,
            Author?.Handle ?? "",
            LatestCustomerPreview,
            OpenedAt,
            running,
            SlaClocks.Exists(c => c.IsOverdue),
            UpdatedAt,
            MessageSequence)
        {
            ReplyUndelivered = ReplyUndelivered,
            AwaitingApproval = AwaitingApproval is not null,
            ApprovalEscalated = ApprovalEscalated,
        };
    }

    public ConversationReference ToReference() =>
        new(ConversationId, Channel, Status, Category, OpenedAt, FirstCustomerPreview);

    /// <summary>The conversation as its callers see it now (see <see cref="ConversationView"/>); the lists are copies.</summary>
    public ConversationView ToView() => new(
        TenantId,
        ConversationId,
        CustomerId,
        Channel,
        AccountId,
        GroupId,
        Author,
        Status,
        TeamId,
        AssignedAgentId,
        Priority,
        Category,
        Sentiment,
        FirstSentiment,
        OpenedAt,
        UpdatedAt,
        FirstResponseAt,
        ResolvedAt,
        ReopenCount,
        MessageSequence,
        AwaitingApproval,
        ApprovalEscalated,
        [.. RecentMessages],
        [.. SlaClocks],
        [.. Breaches],
        [.. Escalations],
        ToQueueItem(),
        TriagePriority,
        ReplyUndelivered,
        FirstCustomerPreview,
        LatestCustomerPreview)
    {
        Tags = [.. Tags],
        PolicyVersion = PolicyVersion,
        PolicyRules = [.. PolicyRules],
        PriorityReasons = Priority == TriagePriority ? [.. PriorityReasons] : [.. PriorityReasons, RaisedReason()],
        PolicyRequiresApproval = PolicyRequiresApproval,
    };

    /// <summary>Why the work-order priority stands above triage's: a breached clock still running, or a reply left waiting for approval.</summary>
    private Policies.PriorityReason RaisedReason() => SlaClocks.Exists(c => c.IsOverdue)
        ? new Policies.PriorityReason("sla", Priority, "an SLA clock is breached and still running")
        : new Policies.PriorityReason("approval", Priority, "a reply has waited too long for approval");

    /// <summary>What the care policy decided for a customer's message: its tags and approval always, its version, rules and reasons when it set the priority.</summary>
    private void ApplyPolicy(Policies.PolicyDecision policy, bool decides)
    {
        foreach (var tag in policy.Tags)
        {
            if (Tags.Count < MaxTags && !Tags.Contains(tag, StringComparer.Ordinal))
            {
                Tags.Add(tag);
            }
        }

        PolicyRequiresApproval |= policy.RequireApproval;
        if (decides)
        {
            PolicyVersion = policy.PolicyVersion;
            PolicyRules = [.. policy.MatchedRules];
            PriorityReasons = [.. policy.PriorityReasons];
        }
    }

    private ConversationMessage AddCustomerMessage(Mention mention, TriageResult triage, DateTimeOffset now, Policies.PolicyDecision? policy)
    {
        // The opening decides the priority; a later message only when it is more urgent.
        var decides = MessageSequence == 0 || triage.Priority < TriagePriority;
        if (triage.Priority < TriagePriority)
        {
            TriagePriority = triage.Priority;
            Category = triage.Category;
        }

        if (policy is not null)
        {
            ApplyPolicy(policy, decides);
        }

        Sentiment = triage.Sentiment;
        var preview = mention.Preview;
        if (FirstCustomerPreview.Length == 0)
        {
            FirstCustomerPreview = preview;
        }

        LatestCustomerPreview = preview;
        var posted = mention.CreatedAt ?? now;
        if (LastCustomerMessageAt is null || posted >= LastCustomerMessageAt)
        {
            LastCustomerMessageAt = posted;
            LastCustomerNetworkMessageId = mention.NetworkMessageId;
            LastCustomerPostUnaddressed = mention.KeywordMatch;
            LastCustomerMessagePrivate = mention.Visibility == Visibility.Private;
        }

        SlaProgress = SlaProgress.With(new SlaEvent(SlaEventKind.CustomerMessage, now));
        return Append(new ConversationMessage(
            NextMessageId(),
            MessageKind.Customer,
            mention.Visibility,
            mention.Text,
            mention.CreatedAt ?? now,
            now)
        {
            NetworkMessageId = mention.NetworkMessageId,
            ThreadId = mention.ThreadId,
            InReplyToId = mention.InReplyToId,
            Author = mention.Author,
            Triage = triage,
            Attachments = mention.Attachments.Count == 0 ? null : mention.Attachments,
            Choice = mention.Choice,
            Referral = mention.Referral,
            Standby = mention.Standby,
        });
    }

    private ConversationMessage AppendNote(CareActor actor, string text, DateTimeOffset now) =>
        AppendNote(text, now, actor.AgentId, actor.ActedBy);

    /// <summary>An internal note in the history: by an agent, or by the desk itself (a delivery, an approval's escalation) with no agent.</summary>
    private ConversationMessage AppendNote(string text, DateTimeOffset now, string? agentId = null, string? actedBy = null) =>
        Append(new ConversationMessage(NextMessageId(), MessageKind.InternalNote, Visibility.Private, text, now, now)
        {
            AgentId = agentId,
            ActedBy = actedBy,
        });

    private ConversationMessage Append(ConversationMessage message)
    {
        if (RecentMessages.Count >= ConversationLimits.RecentMessages)
        {
            RecentMessages.RemoveRange(0, RecentMessages.Count - ConversationLimits.RecentMessages + 1);
        }

        RecentMessages.Add(message);
        (_unsaved ??= []).Add(message);
        UpdatedAt = message.ReceivedAt;
        return message;
    }

    private void StartNewCycle(DateTimeOffset now)
    {
        Status = ConversationStatus.Open;
        AssignedAgentId = null;
        ResolvedAt = null;
        FirstResponseAt = null;
        SlaProgress = SlaCycleProgress.None;
        CycleStartedAt = now;
        ReopenCount++;
        UpdatedAt = now;
    }

    private string NextMessageId() => (++MessageSequence).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Checks who acts before anything changes: a caller limited to some teams works only the
    /// conversations with those teams (after an escalation, that is the new team's desk).
    /// </summary>
    /// <returns>The agent the change is attributed to.</returns>
    private string RequireActor(CareActor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.Validated().RequireTeam(TeamId, ConversationId);
        return actor.AgentId;
    }

    /// <summary>
    /// A claimed conversation is its owner's: only they reply to it, escalate it or resolve it,
    /// so two agents never answer one customer at cross purposes. Unclaimed, any agent may.
    /// </summary>
    private void RequireOwnerOrUnclaimed(string agentId, string action)
    {
        if (AssignedAgentId is not null && AssignedAgentId != agentId)
        {
            throw CareException.Precondition($"Conversation {ConversationId} is claimed by agent {Echo.Quote(AssignedAgentId)}; only they can {action} it.");
        }
    }
}
