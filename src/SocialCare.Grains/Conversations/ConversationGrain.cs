using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Serialization;
using SocialCare.Domain.Access;
using SocialCare.Domain.Audit;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Customers;
using SocialCare.Domain.Deliveries;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Knowledge;
using SocialCare.Domain.Queues;
using SocialCare.Domain.SavedReplies;
using SocialCare.Domain.Tenants;
using SocialCare.Domain.Text;
using SocialCare.Domain.Triage;
using SocialCare.Grains.Audit;
using SocialCare.Grains.Customers;
using SocialCare.Grains.Hosting;
using SocialCare.Grains.Journal;
using SocialCare.Grains.Knowledge;
using SocialCare.Grains.Queues;
using SocialCare.Grains.SavedReplies;
using SocialCare.Grains.Tenants;

namespace SocialCare.Grains.Conversations;

/// <summary>
/// Hosts one <see cref="Conversation"/>: loads it, applies a domain operation, stores it, then
/// tells its queue shard and (for lifecycle changes) its customer.
/// </summary>
/// <remarks>
/// A change is stored as one journal write before the call returns: the new messages, the queue
/// projection row (which carries the next SLA deadline for the sweeper) and the conversation's
/// own state (without its messages: activation reads the recent ones back from the message
/// rows), in one transaction. The state is the journal's rather than
/// Orleans grain storage's so that this is one round trip and one disk flush, not two (see the
/// load-testing issue). If the write fails the caller gets an error and the activation is
/// dropped, so the next call starts again from what is stored.
/// </remarks>
internal sealed class ConversationGrain(
    ITenantDirectory tenants,
    IConversationJournal journal,
    IKnowledgeIndex knowledge,
    Triage.ITriageModelStore labels,
    [FromKeyedServices(CareClock.Key)] TimeProvider clock,
    IOptions<CareGrainOptions> options,
    CareMetrics metrics,
    Serializer<Conversation> serializer,
    ILogger<ConversationGrain> logger) : Grain, IConversationGrain
{
    /// <summary>The stored version this activation's state was read at or last wrote.</summary>
    private long _version;

    /// <summary>The trail's entries for the change being made, stored with it by <see cref="SaveAsync"/>.</summary>
    private readonly List<AuditEntry> _audit = [];

    /// <summary>The customer messages the change stores, by network key (see <see cref="SaveReceivedAsync"/>).</summary>
    private readonly List<ReceivedMessage> _received = [];

    private Conversation C { get; set; } = new();

    /// <summary>The grain's key, read once: Orleans builds a new string from the grain id on every call.</summary>
    private string Key => field ??= this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<InboundReceipt> OpenAsync(ConversationOpening opening)
    {
        ArgumentNullException.ThrowIfNull(opening);
        if (C.Exists)
        {
            // A retried open (the author grain failed after we stored it) or a late redelivery of
            // the opening message: the conversation's id is derived from that message, so its
            // first message answers.
            var first = await FindMessageAsync(1);
            return first is { Kind: MessageKind.Customer } && first.NetworkMessageId == opening.Mention.NetworkMessageId
                ? new InboundReceipt(InboundDisposition.Duplicate, first)
                : throw new InvalidOperationException($"Conversation {Key} is already open with another first message.");
        }

        var settings = await tenants.GetAsync(opening.Mention.TenantId);
        var (_, conversationId) = GrainKeys.SplitTenantScoped(Key);
        var message = await ChangeAsync(now =>
        {
            var opened = C.Open(conversationId, opening.CustomerId, opening.TeamId, opening.Mention, opening.Triage, now);
            C.EvaluateSla(settings.SlaPolicy, settings.Calendar, now);
            return opened;
        });
        Audit(AuditActions.ConversationOpened, Describe(message));
        if (await SaveReceivedAsync(opening.Mention, message) is { } stored)
        {
            return stored;
        }

        GrainLog.ConversationOpened(logger, Key, C.Channel, C.CustomerId, C.Priority);
        await PublishAsync(QueueChangeReason.CustomerMessage);
        return new InboundReceipt(InboundDisposition.Appended, message);
    }

    public async Task<InboundReceipt> AcceptInboundAsync(Mention mention, TriageResult triage)
    {
        RequireExists();
        var settings = await tenants.GetAsync(C.TenantId);
        var (disposition, message) = await ChangeAsync(now =>
        {
            var accepted = C.AcceptInbound(mention, triage, settings.ReopenWindow, now);
            if (accepted.Disposition is InboundDisposition.Appended or InboundDisposition.Reopened)
            {
                C.EvaluateSla(settings.SlaPolicy, settings.Calendar, now);
            }

            return accepted;
        });
        if (disposition is InboundDisposition.Appended or InboundDisposition.Reopened)
        {
            Audit(disposition == InboundDisposition.Reopened ? AuditActions.ConversationReopenedByCustomer : AuditActions.MessageReceived, Describe(message!));
            if (await SaveReceivedAsync(mention, message!) is { } stored)
            {
                return stored;
            }

            var reopened = disposition == InboundDisposition.Reopened;
            await PublishAsync(reopened ? QueueChangeReason.Reopened : QueueChangeReason.CustomerMessage);
            if (reopened)
            {
                await RecordOnCustomerAsync();
            }
        }

        return new InboundReceipt(disposition, message);
    }

    public async Task<MessageChangeOutcome> ApplyNetworkChangeAsync(MessageChange change, int? sequence)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!C.Exists)
        {
            return MessageChangeOutcome.UnknownMessage;
        }

        var message = C.RecentMessages.FindLast(m => m.NetworkMessageId == change.NetworkMessageId || (m.IsOutbound && m.Delivery?.NetworkMessageId == change.NetworkMessageId))
            ?? (sequence is { } place && await FindMessageAsync(place) is { } stored && stored.NetworkMessageId == change.NetworkMessageId ? stored : null);
        if (message is null)
        {
            return MessageChangeOutcome.UnknownMessage;
        }

        var (latest, first) = (C.LatestCustomerPreview, C.FirstCustomerPreview);
        if (!await ChangeAsync(now => C.ApplyNetworkChange(change, message, now)))
        {
            return MessageChangeOutcome.Unchanged;
        }

        var action = change.Kind switch
        {
            MessageChangeKind.Edited => AuditActions.MessageEdited,
            MessageChangeKind.Deleted => AuditActions.MessageDeleted,
            _ => AuditActions.MessageReacted,
        };
        Audit(action, change.Kind is MessageChangeKind.Reacted or MessageChangeKind.Unreacted
            ? $"{Describe(message)} reaction={(change.Kind == MessageChangeKind.Reacted ? "+" : "-")}{change.Reaction}"
            : Describe(message));
        await SaveAsync();
        if (C.Status != ConversationStatus.Resolved && (latest != C.LatestCustomerPreview || first != C.FirstCustomerPreview))
        {
            await PublishAsync(QueueChangeReason.MessageChanged);
        }

        return MessageChangeOutcome.Applied;
    }

    public Task<Conversation> GetAsync()
    {
        RequireExists();
        return Task.FromResult(C);
    }

    public Task<string> GetTeamAsync()
    {
        RequireExists();
        return Task.FromResult(C.TeamId);
    }

    public async Task<Conversation> ClaimAsync(CareActor actor)
    {
        RequireExists();
        if (await ChangeAsync(now => C.Claim(actor, now)))
        {
            Audit(AuditActions.Claimed, "", actor);
            await SaveAsync();
            await PublishAsync(QueueChangeReason.Claimed);
        }

        return C;
    }

    public async Task<Conversation> AssignAsync(CareActor supervisor, string assigneeId)
    {
        RequireExists();
        if (await ChangeAsync(now => C.Assign(supervisor, assigneeId, now)))
        {
            Audit(AuditActions.Assigned, $"assignee={assigneeId}", supervisor);
            await SaveAsync();
            await PublishAsync(QueueChangeReason.Assigned);
        }

        return C;
    }

    public async Task<ConversationChange> ReplyAsync(ReplyDraft command)
    {
        ArgumentNullException.ThrowIfNull(command);
        RequireExists();
        var settings = await tenants.GetAsync(C.TenantId);
        var firstOfCycle = C.FirstResponseAt is null;
        var corrects = command.Corrects is { } correctedNumber ? await FindReplyAsync(correctedNumber, "corrects_message_id") : null;
        ReplyOutcome outcome;
        try
        {
            outcome = await ChangeAsync(now =>
            {
                var composed = command.Compose(C, settings, now);
                var replied = C.Reply(command.Actor, composed.Text, composed.Signature, command.Visibility, command.RequestId, now, settings.Guardrails, settings.Approvals, corrects);
                if (replied.Created)
                {
                    C.EvaluateSla(settings.SlaPolicy, settings.Calendar, now);
                }

                return replied;
            });
        }
        catch (CareException blocked) when (CareException.Findings(blocked) is { Count: > 0 } findings)
        {
            // Refused by the guardrails: nothing of the conversation changes, but the trail says
            // who tried to publish what kind of data (never the words themselves).
            await journal.AppendAuditAsync([AuditContext.Current.Entry(
                C.TenantId,
                clock.GetUtcNow(),
                AuditActions.ReplyBlocked,
                $"conversations/{C.ConversationId}",
                C.ConversationId,
                $"visibility={command.Visibility} found={string.Join(',', findings.Select(f => EnumWords.Of(f.Kind)).Distinct())}",
                AuditOutcome.Denied,
                command.Actor.AgentId,
                command.Actor.ActedBy)]);
            throw;
        }

        if (!outcome.Created)
        {
            // A retry: the first reply, from the recent messages or, if many came since, the history.
            var earlier = outcome.Reply ?? await FindMessageAsync(outcome.MessageSequence);
            return new ConversationChange(C, earlier);
        }

        var reply = outcome.Reply!;
        Audit(AuditActions.Replied, $"{Describe(reply)} visibility={reply.Visibility}{(reply.CorrectsMessageId is { } corrected ? $" corrects={corrected}" : "")}", command.Actor);
        if (reply.Approval is { } approval)
        {
            Audit(AuditActions.ApprovalRequested, $"message={reply.MessageId} reasons={string.Join("; ", approval.Reasons)}", command.Actor);
            await SaveAsync();
            metrics.ReplyPosted(C.TenantId, C.TeamId, C.Channel, reply.Visibility);
            await PublishAsync(QueueChangeReason.ApprovalRequested);
        }
        else
        {
            await SaveAsync([Delivery.Of(C, reply)]);
            metrics.ReplyPosted(C.TenantId, C.TeamId, C.Channel, reply.Visibility);
            await PublishAsync(QueueChangeReason.Replied, FirstResponseOf(firstOfCycle, reply.ReceivedAt));
        }

        if (command.SavedReplyId is { } savedReplyId)
        {
            await GrainFactory.GetCareGrain<ISavedReplyUsageGrain>(C.TenantId).RecordAsync(savedReplyId, reply.ReceivedAt);
        }

        return new ConversationChange(C, reply) { Warnings = outcome.Warnings };
    }

    /// <summary>A first response's sample for the wait estimate (and its first-response metric), when the answer that went out was the cycle's first.</summary>
    private FirstResponseSample? FirstResponseOf(bool firstOfCycle, DateTimeOffset answeredAt)
    {
        if (!firstOfCycle)
        {
            return null;
        }

        // The same first answer feeds the queue's wait estimate and the first-response metric.
        var waited = answeredAt - C.CycleStartedAt;
        metrics.FirstResponded(C.TenantId, C.TeamId, waited);
        return new FirstResponseSample(answeredAt, waited);
    }

    public async Task<ConversationChange> ApproveReplyAsync(CareActor supervisor, int messageSequence)
    {
        RequireExists();
        var reply = await FindReplyAsync(messageSequence, "message_id");
        var settings = await tenants.GetAsync(C.TenantId);
        var firstOfCycle = C.FirstResponseAt is null;
        var approved = await ChangeAsync(now =>
        {
            var changed = C.ApproveReply(supervisor, reply, now);
            C.EvaluateSla(settings.SlaPolicy, settings.Calendar, now);
            return changed;
        });
        Audit(AuditActions.ReplyApproved, $"message={approved.MessageId} author={approved.AgentId} delivery={approved.Delivery!.DeliveryId}", supervisor);
        await SaveAsync([Delivery.Of(C, approved)]);
        await PublishAsync(QueueChangeReason.ReplyApproved, FirstResponseOf(firstOfCycle, approved.Approval!.DecidedAt!.Value));
        return new ConversationChange(C, approved);
    }

    public async Task<ConversationChange> RejectReplyAsync(CareActor supervisor, int messageSequence, string reason)
    {
        RequireExists();
        var reply = await FindReplyAsync(messageSequence, "message_id");
        var rejected = await ChangeAsync(now => C.RejectReply(supervisor, reply, reason, now));
        Audit(AuditActions.ReplyRejected, $"message={rejected.MessageId} author={rejected.AgentId} reason={rejected.Approval!.Reason}", supervisor);
        await SaveAsync();
        await PublishAsync(QueueChangeReason.ReplyRejected);
        return new ConversationChange(C, rejected);
    }

    public async Task<ConversationChange> RequestRetractionAsync(CareActor actor, int messageSequence, string reason)
    {
        RequireExists();
        var reply = await FindReplyAsync(messageSequence, "message_id");
        var retraction = await ChangeAsync(now => C.RequestRetraction(actor, reply, reason, now));
        Audit(AuditActions.RetractionRequested, $"message={retraction.MessageId} retracts={retraction.RetractsMessageId} network_message_id={retraction.RetractsNetworkMessageId}", actor);
        await SaveAsync([Delivery.Of(C, retraction)]);
        if (C.Status != ConversationStatus.Resolved)
        {
            await PublishAsync(QueueChangeReason.NoteAdded);
        }

        return new ConversationChange(C, retraction);
    }

    public async Task<ConversationChange> CorrectTriageAsync(CareActor actor, int messageSequence, Category? category, Sentiment? sentiment)
    {
        RequireExists();
        var message = await FindReplyAsync(messageSequence, "message_id");
        Conversation.RequireCorrectable(message, category, sentiment);
        var settings = await tenants.GetAsync(C.TenantId);
        // The label is stored first (replacing an earlier correction of the message), so a
        // correction the agent saw taken is always in the next training; a retry after a failure
        // stores the same label again. Its text is kept with personal data masked, as the
        // knowledge base keeps it: a model learns from words, not card numbers.
        var text = Domain.Guardrails.PersonalData.Redact(message.Text, settings.Guardrails.Identifiers);
        await labels.RecordLabelAsync(new TriageLabel(C.TenantId, C.ConversationId, message.MessageId, text, category, sentiment, actor.AgentId, clock.GetUtcNow()));
        var said = message.Triage!;
        var note = await ChangeAsync(now =>
        {
            var noted = C.CorrectTriage(actor, message, category, sentiment, now);
            C.EvaluateSla(settings.SlaPolicy, settings.Calendar, now);
            return noted;
        });
        var detail = string.Join(' ', new[]
        {
            $"message={message.MessageId}",
            category is { } c ? $"category={EnumWords.Of(said.Category)}->{EnumWords.Of(c)}" : null,
            sentiment is { } s ? $"sentiment={EnumWords.Of(said.Sentiment)}->{EnumWords.Of(s)}" : null,
        }.Where(part => part is not null));
        Audit(AuditActions.TriageCorrected, detail, actor);
        await SaveAsync();
        await PublishAsync(QueueChangeReason.TriageCorrected);
        return new ConversationChange(C, note);
    }

    /// <summary>Message number <paramref name="messageSequence"/>, which the request named in <paramref name="field"/>; NOT_FOUND naming it when there is none.</summary>
    private async Task<ConversationMessage> FindReplyAsync(int messageSequence, string field) =>
        await FindMessageAsync(messageSequence)
            ?? throw CareException.NotFound($"Message {messageSequence} of conversation \"{C.ConversationId}\"", field);

    /// <summary>The saved reply's text for this conversation; what it may not be used for, or lacks, is refused naming the field.</summary>
    /// <returns>The text, and whether it placed the signature itself.</returns>
    public async Task<ConversationChange> AddNoteAsync(CareActor actor, string text)
    {
        RequireExists();
        var note = await ChangeAsync(now => C.AddNote(actor, text, now));
        Audit(AuditActions.NoteAdded, Describe(note), actor);
        await SaveAsync();
        if (C.Status != ConversationStatus.Resolved)
        {
            await PublishAsync(QueueChangeReason.NoteAdded);
        }

        return new ConversationChange(C, note);
    }

    public async Task<Conversation> EscalateAsync(CareActor actor, string teamId, string note)
    {
        RequireExists();
        var settings = await tenants.GetAsync(C.TenantId);
        if (!settings.HasTeam(teamId))
        {
            // The same answer as for any other unknown team (ListQueue, UpdateTenant): NOT_FOUND.
            throw CareException.NotFound($"Team {Echo.Quote(teamId)} of tenant \"{C.TenantId}\" (its teams: {string.Join(", ", settings.Teams.Select(t => t.TeamId))})", "team_id");
        }

        var fromTeam = C.TeamId;
        await ChangeAsync(now =>
        {
            C.Escalate(actor, teamId, note, now);
            return true;
        });
        Audit(AuditActions.Escalated, $"from={fromTeam} to={teamId}", actor);
        await SaveAsync();
        await LeaveQueueAsync(fromTeam, QueueChangeReason.Escalated);
        await PublishAsync(QueueChangeReason.Escalated);
        return C;
    }

    public async Task<Conversation> ResolveAsync(CareActor actor, string? note)
    {
        RequireExists();
        var settings = await tenants.GetAsync(C.TenantId);
        var resolved = await ChangeAsync(now =>
        {
            var changed = C.Resolve(actor, note, now);
            if (changed)
            {
                C.EvaluateSla(settings.SlaPolicy, settings.Calendar, now);
            }

            return changed;
        });
        if (resolved)
        {
            Audit(AuditActions.Resolved, "", actor);
            await SaveAsync();
            metrics.Resolved(C.TenantId, C.TeamId, (C.ResolvedAt ?? C.OpenedAt) - C.OpenedAt);
            await PublishAsync(QueueChangeReason.Resolved);
            await RecordOnCustomerAsync();
            await RecordKnowledgeAsync(settings);
        }

        return C;
    }

    /// <summary>
    /// Adds the resolved case to the tenant's knowledge search. The resolution is stored already
    /// and the index is derived from it, so a failure here is logged rather than failing the call.
    /// </summary>
    private async Task RecordKnowledgeAsync(TenantSettings settings)
    {
        if (KnowledgeEntry.Of(C, settings.Guardrails.Identifiers) is not { } entry)
        {
            return;
        }

        try
        {
            await knowledge.RecordAsync(entry);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            GrainLog.KnowledgeNotRecorded(logger, ex, Key);
        }
    }

    public async Task<Conversation> ReopenAsync(CareActor actor, string? note)
    {
        RequireExists();
        var settings = await tenants.GetAsync(C.TenantId);
        await ChangeAsync(now =>
        {
            C.Reopen(actor, note, now);
            C.EvaluateSla(settings.SlaPolicy, settings.Calendar, now);
            return true;
        });
        Audit(AuditActions.Reopened, "", actor);
        await SaveAsync();
        await PublishAsync(QueueChangeReason.Reopened);
        await RecordOnCustomerAsync();
        return C;
    }

    public async Task<IReadOnlyList<ConversationMessage>> ListMessagesAsync(int afterSequence, int take)
    {
        RequireExists();
        var through = C.MessageSequence;
        var firstRecent = through - C.RecentMessages.Count;
        if (afterSequence >= firstRecent)
        {
            return [.. C.RecentMessages.Where(m => m.Sequence > afterSequence).Take(take)];
        }

        return await journal.ReadMessagesAsync(Key, afterSequence, through, take);
    }

    public async Task CheckSlaAsync()
    {
        if (!C.Exists || C.Status == ConversationStatus.Resolved)
        {
            // The sweeper read the row before the change that resolved the conversation removed
            // it (or the row predates V003, when rows and state were written apart); dropping
            // the row again is harmless and ends the wake-ups.
            await journal.RecordAsync(new JournalWrite(Key, [], null));
            return;
        }

        var settings = await tenants.GetAsync(C.TenantId);
        var (breaches, approvalEscalated) = await ChangeAsync(now => (C.EvaluateSla(settings.SlaPolicy, settings.Calendar, now), C.EscalateOverdueApproval(now)));
        if (breaches.Count == 0 && !approvalEscalated)
        {
            // The wake-up was early (another silo's clock) or the row was stale: nothing of the
            // conversation changed, so only its row is rewritten, with the right deadline.
            await journal.RecordAsync(new JournalWrite(Key, [], CurrentQueueEntry()));
            return;
        }

        if (approvalEscalated)
        {
            Audit(AuditActions.ApprovalEscalated, $"message={C.AwaitingApproval}");
        }

        await SaveAsync();
        foreach (var breach in breaches)
        {
            metrics.Breached(C.TenantId, C.TeamId, breach.Kind);
            GrainLog.SlaBreached(logger, Key, breach.Kind, breach.DueAt);
        }

        await PublishAsync(breaches.Count > 0 ? QueueChangeReason.SlaBreached : QueueChangeReason.ApprovalEscalated);
    }

    public async Task<DeliveryChange> RecordDeliveryAsync(DeliveryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        RequireExists();
        var (_, sequence) = DeliveryIds.Parse("delivery_id", report.DeliveryId);
        var reply = await FindMessageAsync(sequence) ?? throw DeliveryIds.NotFound(C.TenantId, report.DeliveryId);

        var retry = new DeliveryRetry(options.Value.DeliveryRetryFirstDelay, options.Value.DeliveryRetryMaxDelay);
        var wasResolved = C.Status == ConversationStatus.Resolved;
        var retracted = reply.Kind == MessageKind.Retraction && int.TryParse(reply.RetractsMessageId, out var original) ? await FindMessageAsync(original) : null;
        var change = await ChangeAsync(now => C.RecordDelivery(reply, report, retry, now, Random.Shared.NextDouble(), retracted));
        if (!change.Changed)
        {
            return change;
        }

        var delivery = change.Reply.Delivery!;
        if (reply.Kind == MessageKind.Retraction)
        {
            if (delivery.IsSettled)
            {
                Audit(
                    delivery.State == DeliveryState.Sent ? AuditActions.Retracted : AuditActions.RetractionFailed,
                    $"message={reply.RetractsMessageId} retraction={reply.MessageId} network_message_id={reply.RetractsNetworkMessageId}{(delivery.State == DeliveryState.Sent ? "" : $" reason={delivery.LastError}")}");
            }

            await SaveAsync([Delivery.Of(C, change.Reply)]);
            metrics.DeliveryReported(C.TenantId, C.Channel, report.Outcome, delivery.State);
            if (delivery.IsSettled && C.Status != ConversationStatus.Resolved)
            {
                await PublishAsync(QueueChangeReason.NoteAdded);
            }

            return change;
        }

        if (delivery.IsSettled)
        {
            Audit(
                delivery.State == DeliveryState.Sent ? AuditActions.ReplyDelivered : AuditActions.ReplyUndelivered,
                delivery.State == DeliveryState.Sent
                    ? $"message={reply.MessageId} delivery={delivery.DeliveryId} network_message_id={delivery.NetworkMessageId}"
                    : $"message={reply.MessageId} delivery={delivery.DeliveryId} reason={delivery.LastError}");
        }

        await SaveAsync([Delivery.Of(C, change.Reply)]);
        metrics.DeliveryReported(C.TenantId, C.Channel, report.Outcome, delivery.State);
        if (change.Undelivered)
        {
            await PublishAsync(QueueChangeReason.ReplyFailed);
            if (wasResolved)
            {
                await RecordOnCustomerAsync();
            }
        }
        else if (delivery.State == DeliveryState.Sent && C.Status != ConversationStatus.Resolved)
        {
            await PublishAsync(QueueChangeReason.ReplySent);
        }

        return change;
    }

    /// <summary>Message number <paramref name="sequence"/>: from the recent ones, or else the history.</summary>
    private async Task<ConversationMessage?> FindMessageAsync(int sequence) =>
        sequence < 1 || sequence > C.MessageSequence
            ? null
            : C.RecentMessages.Find(m => m.Sequence == sequence)
                ?? (await journal.ReadMessagesAsync(Key, sequence - 1, sequence, 1)).SingleOrDefault();

    public async Task<ConversationReference> ChangeCustomerAsync(string customerId)
    {
        RequireExists();
        if (C.CustomerId != customerId)
        {
            // Whose conversation this is decides who sees it in a customer's timeline: the trail
            // says who moved it, from whom, to whom.
            Audit(AuditActions.CustomerChanged, $"from=customers/{C.CustomerId} to=customers/{customerId}");
            C.CustomerId = customerId;
            await SaveAsync();
        }

        return C.ToReference();
    }

    private void RequireExists()
    {
        if (!C.Exists)
        {
            var (tenantId, conversationId) = GrainKeys.SplitTenantScoped(Key);
            throw CareException.NotFound($"Conversation \"{conversationId}\" of tenant \"{tenantId}\"");
        }
    }

    /// <summary>
    /// Runs one domain operation on the conversation at "now". If it throws, whatever it changed
    /// before refusing is undone by reading the conversation back from the journal: a refused
    /// request never leaves the activation different from what is stored.
    /// </summary>
    private async Task<T> ChangeAsync<T>(Func<DateTimeOffset, T> operation)
    {
        try
        {
            return operation(clock.GetUtcNow());
        }
        catch
        {
            await RestoreAsync();
            throw;
        }
    }

    private async Task RestoreAsync()
    {
        try
        {
            C = new();
            _version = 0;
            await LoadAsync(CancellationToken.None);
        }
        catch
        {
            // Storage is unreachable: the next call must start from storage in a new activation.
            DeactivateOnIdle();
            throw;
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (await journal.LoadConversationAsync(Key, cancellationToken) is { } stored)
        {
            var conversation = serializer.Deserialize(stored.State)
                ?? throw new InvalidDataException($"Conversation {Key} is stored as null.");
            // The recent messages are not in the stored state (see SaveAsync): the message rows
            // up to the stored count are exactly those committed with it.
            var through = conversation.MessageSequence;
            conversation.RecentMessages = [.. await journal.ReadMessagesAsync(
                Key, Math.Max(0, through - ConversationLimits.RecentMessages), through, ConversationLimits.RecentMessages, cancellationToken)];
            C = conversation;
            _version = stored.Version;
        }
    }

    /// <param name="deliveries">Outbox rows the change writes: a new reply's, or one a sender reported on.</param>
    private async Task SaveAsync(IReadOnlyList<Delivery>? deliveries = null)
    {
        try
        {
            var snapshot = new ConversationSnapshot(SerializeWithoutMessages(), _version);
            await journal.RecordAsync(new JournalWrite(
                Key, C.TakeUnsaved(), CurrentQueueEntry(), snapshot, _audit.Count == 0 ? null : [.. _audit], deliveries, _received.Count == 0 ? null : [.. _received]));
            _version++;
        }
        catch (Exception failed) when (failed is not NetworkMessageStoredException)
        {
            // What is in memory is now ahead of what is stored; the next call must start from storage.
            DeactivateOnIdle();
            throw;
        }
        finally
        {
            _audit.Clear();
            _received.Clear();
        }
    }

    /// <summary>
    /// Saves a change that stores a customer's message. The recent messages catch a prompt
    /// redelivery; the journal catches any other (after many newer messages, or into a
    /// conversation resolved long ago): then nothing was stored, the change is undone, and the
    /// message as first stored answers.
    /// </summary>
    /// <returns><see langword="null"/> when stored; otherwise the duplicate's receipt.</returns>
    private async Task<InboundReceipt?> SaveReceivedAsync(Mention mention, ConversationMessage message)
    {
        _received.Add(new ReceivedMessage(NetworkMessageKey.Of(mention), message.Sequence));
        try
        {
            await SaveAsync();
            return null;
        }
        catch (NetworkMessageStoredException stored)
        {
            await RestoreAsync();
            var first = (await journal.ReadMessagesAsync(stored.ConversationKey, stored.Sequence - 1, stored.Sequence, 1)).SingleOrDefault()
                ?? throw new InvalidDataException($"{stored.Message} The message row is missing.", stored);
            var (_, storedIn) = GrainKeys.SplitTenantScoped(stored.ConversationKey);
            return new InboundReceipt(InboundDisposition.Duplicate, first, storedIn == C.ConversationId ? null : storedIn);
        }
    }

    /// <summary>
    /// Records the change about to be saved, by the caller behind this call (see
    /// <see cref="AuditContext"/>) and attributed to <paramref name="actor"/>'s agent when given.
    /// </summary>
    private void Audit(string action, string detail, CareActor? actor = null) =>
        _audit.Add(AuditContext.Current.Entry(
            C.TenantId,
            clock.GetUtcNow(),
            action,
            $"conversations/{C.ConversationId}",
            C.ConversationId,
            detail,
            actor: actor?.AgentId,
            actedBy: actor?.ActedBy));

    /// <summary>Which message a change made, and for a customer's message which post of the network it is.</summary>
    private static string Describe(ConversationMessage message) =>
        message.NetworkMessageId is { } network ? $"message={message.MessageId} network_message_id={network}" : $"message={message.MessageId}";

    /// <summary>
    /// The state as stored: everything but the recent messages, which the same transaction
    /// writes as message rows anyway. Storing them twice made every change rewrite up to 50
    /// messages: most of the bytes PostgreSQL wrote per mention.
    /// </summary>
    private byte[] SerializeWithoutMessages()
    {
        var recent = C.RecentMessages;
        C.RecentMessages = [];
        try
        {
            return serializer.SerializeToArray(C);
        }
        finally
        {
            C.RecentMessages = recent;
        }
    }

    /// <summary>The conversation's row in the open-conversations projection; none once resolved.</summary>
    private QueueEntry? CurrentQueueEntry() =>
        C.Status == ConversationStatus.Resolved
            ? null
            : new QueueEntry(C.TenantId, C.TeamId, ShardNumber, C.ToQueueItem(), C.NextDeadline);

    private Task PublishAsync(QueueChangeReason reason, FirstResponseSample? firstResponse = null)
    {
        var item = C.ToQueueItem();
        return Shard(C.TeamId).ApplyAsync(new QueueUpdate(item, C.Status == ConversationStatus.Resolved ? QueuePlacement.Removed : QueuePlacement.Listed, reason, firstResponse));
    }

    private Task LeaveQueueAsync(string teamId, QueueChangeReason reason) =>
        Shard(teamId).ApplyAsync(new QueueUpdate(C.ToQueueItem() with { TeamId = teamId }, QueuePlacement.Removed, reason, null));

    private IQueueShardGrain Shard(string teamId) =>
        GrainFactory.GetCareGrain<IQueueShardGrain>(GrainKeys.QueueShard(C.TenantId, teamId, ShardNumber));

    /// <summary>The conversation's shard within whichever team holds it.</summary>
    private int ShardNumber => QueueSharding.ShardOf(C.ConversationId, options.Value.QueueShardsPerTeam);

    private Task RecordOnCustomerAsync() =>
        GrainFactory.GetCareGrain<ICustomerGrain>(GrainKeys.Customer(C.TenantId, C.CustomerId)).RecordConversationAsync(C.ToReference());
}
