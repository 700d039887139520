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
using SocialCare.Grains.Abstractions.Audit;
using SocialCare.Grains.Customers;
using SocialCare.Grains.Abstractions.Customers;
using SocialCare.Grains.Hosting;
using SocialCare.Grains.Abstractions.Hosting;
using SocialCare.Grains.Journal;
using SocialCare.Grains.Knowledge;
using SocialCare.Grains.Queues;
using SocialCare.Grains.Abstractions.Queues;
using SocialCare.Grains.SavedReplies;
using SocialCare.Grains.Abstractions.SavedReplies;
using SocialCare.Grains.Tenants;
using SocialCare.Grains.Abstractions;
using SocialCare.Grains.Abstractions.Conversations;

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
    IConversationStore store,
    IAuditStore trail,
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

    /// <summary>The conversation this activation hosts, as last stored (or being changed by the current command).</summary>
    private Conversation Current { get; set; } = new();

    /// <summary>The grain's key, read once: Orleans builds a new string from the grain id on every call.</summary>
    private string Key => field ??= this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<ConversationResult> OpenAsync(ConversationOpening opening)
    {
        ArgumentNullException.ThrowIfNull(opening);
        if (Current.Exists)
        {
            // A retried open (the author grain failed after we stored it) or a late redelivery of
            // the opening message: the conversation's id is derived from that message, so its
            // first message answers.
            var first = await FindMessageAsync(1);
            return first is { Kind: MessageKind.Customer } && first.NetworkMessageId == opening.Mention.NetworkMessageId
                ? new ConversationResult(ConversationOutcome.Duplicate, first)
                : throw new InvalidOperationException($"Conversation {Key} is already open with another first message.");
        }

        var (_, conversationId) = GrainKeys.SplitTenantScoped(Key);
        try
        {
            var message = await ChangeAsync((settings, now) =>
            {
                var opened = Current.Open(conversationId, opening.CustomerId, opening.TeamId, opening.Mention, opening.Triage, now, opening.Policy);
                Current.EvaluateSla(settings.SlaPolicy, settings.Calendar, now);
                return opened;
            });
            return new ConversationResult(ConversationOutcome.Changed, message);
        }
        catch (NetworkMessageStoredException stored)
        {
            return await StoredEarlierAsync(stored);
        }
    }

    public async Task<ConversationResult> AcceptInboundAsync(Mention mention, TriageResult triage, Domain.Policies.PolicyDecision? policy)
    {
        RequireExists();
        try
        {
            var (disposition, message) = await ChangeAsync((settings, now) =>
            {
                var accepted = Current.AcceptInbound(mention, triage, settings.ReopenWindow, now, policy);
                if (accepted.Disposition is InboundDisposition.Appended or InboundDisposition.Reopened)
                {
                    Current.EvaluateSla(settings.SlaPolicy, settings.Calendar, now);
                }

                return accepted;
            });
            return new ConversationResult(
                disposition switch
                {
                    InboundDisposition.Appended => ConversationOutcome.Changed,
                    InboundDisposition.Reopened => ConversationOutcome.Reopened,
                    InboundDisposition.Duplicate => ConversationOutcome.Duplicate,
                    _ => ConversationOutcome.Refused,
                },
                message);
        }
        catch (NetworkMessageStoredException stored)
        {
            return await StoredEarlierAsync(stored);
        }
    }

    public async Task<ConversationResult> ApplyNetworkChangeAsync(MessageChange change, int? sequence)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!Current.Exists)
        {
            return new ConversationResult(ConversationOutcome.UnknownMessage);
        }

        var message = Current.RecentMessages.FindLast(m => m.NetworkMessageId == change.NetworkMessageId || (m.IsOutbound && m.Delivery?.NetworkMessageId == change.NetworkMessageId))
            ?? (sequence is { } place && await FindMessageAsync(place) is { } stored && stored.NetworkMessageId == change.NetworkMessageId ? stored : null);
        if (message is null)
        {
            return new ConversationResult(ConversationOutcome.UnknownMessage);
        }

        return new ConversationResult(await ChangeAsync((_, now) => Current.ApplyNetworkChange(change, message, now)) ? ConversationOutcome.Changed : ConversationOutcome.Unchanged, message);
    }

    public Task<ConversationView> GetAsync()
    {
        RequireExists();
        return Task.FromResult(Current.ToView());
    }

    public Task<string> GetTeamAsync()
    {
        RequireExists();
        return Task.FromResult(Current.TeamId);
    }

    public async Task<ConversationResult> ClaimAsync(CareActor actor)
    {
        RequireExists();
        return Result(await ChangeAsync((_, now) => Current.Claim(actor, now)));
    }

    public async Task<ConversationResult> AssignAsync(CareActor supervisor, string assigneeId)
    {
        RequireExists();
        return Result(await ChangeAsync((_, now) => Current.Assign(supervisor, assigneeId, now)));
    }

    public async Task<ConversationResult> ReleaseAsync(CareActor actor, ReleaseScope scope)
    {
        RequireExists();
        return Result(await ChangeAsync((_, now) => Current.Release(actor, scope, now)));
    }

    public async Task<ConversationResult> ReplyAsync(ReplyDraft command)
    {
        ArgumentNullException.ThrowIfNull(command);
        RequireExists();
        var corrects = command.Corrects is { } correctedNumber ? await FindReplyAsync(correctedNumber, "corrects_message_id") : null;
        ReplyOutcome outcome;
        try
        {
            outcome = await ChangeAsync((settings, now) =>
            {
                var composed = command.Compose(Current, settings, now);
                var replied = Current.Reply(command.Actor, composed.Text, composed.Signature, command.Visibility, command.RequestId, now, settings.Guardrails, settings.Approvals, corrects, command.SavedReplyId);
                if (replied.Created)
                {
                    Current.EvaluateSla(settings.SlaPolicy, settings.Calendar, now);
                }

                return replied;
            });
        }
        catch (CareException blocked) when (CareException.Findings(blocked) is { Count: > 0 } findings)
        {
            var (action, detail, agent) = ConversationEffects.Blocked(command.Visibility, findings, command.Actor);
            await trail.AppendAuditAsync([Entry(action, detail, agent, AuditOutcome.Denied)]);
            throw;
        }

        if (!outcome.Created)
        {
            // A retry: the first reply, from the recent messages or, if many came since, the history.
            var earlier = outcome.Reply ?? await FindMessageAsync(outcome.MessageSequence);
            return Result(false, earlier);
        }

        return Result(true, outcome.Reply) with { Warnings = outcome.Warnings };
    }

    public async Task<ConversationResult> ApproveReplyAsync(CareActor supervisor, int messageSequence)
    {
        RequireExists();
        var reply = await FindReplyAsync(messageSequence, "message_id");
        var approved = await ChangeAsync((settings, now) =>
        {
            var changed = Current.ApproveReply(supervisor, reply, now);
            Current.EvaluateSla(settings.SlaPolicy, settings.Calendar, now);
            return changed;
        });
        return Result(true, approved);
    }

    public async Task<ConversationResult> RejectReplyAsync(CareActor supervisor, int messageSequence, string reason)
    {
        RequireExists();
        var reply = await FindReplyAsync(messageSequence, "message_id");
        return Result(true, await ChangeAsync((_, now) => Current.RejectReply(supervisor, reply, reason, now)));
    }

    public async Task<ConversationResult> RequestRetractionAsync(CareActor actor, int messageSequence, string reason)
    {
        RequireExists();
        var reply = await FindReplyAsync(messageSequence, "message_id");
        return Result(true, await ChangeAsync((_, now) => Current.RequestRetraction(actor, reply, reason, now)));
    }

    public async Task<ConversationResult> CorrectTriageAsync(CareActor actor, int messageSequence, Category? category, Sentiment? sentiment)
    {
        RequireExists();
        var message = await FindReplyAsync(messageSequence, "message_id");
        Conversation.RequireCorrectable(message, category, sentiment);
        var settings = await tenants.GetAsync(Current.TenantId);
        // The label is stored first (replacing an earlier correction of the message), so a
        // correction the agent saw taken is always in the next training; a retry after a failure
        // stores the same label again. Its text is kept with personal data masked, as the
        // knowledge base keeps it: a model learns from words, not card numbers.
        var text = Domain.Guardrails.PersonalData.Redact(message.Text, settings.Guardrails.Identifiers);
        await labels.RecordLabelAsync(new TriageLabel(Current.TenantId, Current.ConversationId, message.MessageId, text, category, sentiment, actor.AgentId, clock.GetUtcNow()));
        var note = await ChangeAsync((current, now) =>
        {
            var noted = Current.CorrectTriage(actor, message, category, sentiment, now);
            Current.EvaluateSla(current.SlaPolicy, current.Calendar, now);
            return noted;
        });
        return Result(true, note);
    }

    /// <summary>Message number <paramref name="messageSequence"/>, which the request named in <paramref name="field"/>; NOT_FOUND naming it when there is none.</summary>
    private async Task<ConversationMessage> FindReplyAsync(int messageSequence, string field) =>
        await FindMessageAsync(messageSequence)
            ?? throw CareException.NotFound($"Message {messageSequence} of conversation \"{Current.ConversationId}\"", field);

    public async Task<ConversationResult> AddNoteAsync(CareActor actor, string text)
    {
        RequireExists();
        return Result(true, await ChangeAsync((_, now) => Current.AddNote(actor, text, now)));
    }

    public async Task<ConversationResult> EscalateAsync(CareActor actor, string teamId, string note)
    {
        RequireExists();
        await ChangeAsync((settings, now) =>
        {
            if (!settings.HasTeam(teamId))
            {
                // The same answer as for any other unknown team (ListQueue, UpdateTenant): NOT_FOUND.
                throw CareException.NotFound($"Team {Echo.Quote(teamId)} of tenant \"{Current.TenantId}\" (its teams: {string.Join(", ", settings.Teams.Select(t => t.TeamId))})", "team_id");
            }

            Current.Escalate(actor, teamId, note, now);
            return true;
        });
        return Result(true);
    }

    public async Task<ConversationResult> ResolveAsync(CareActor actor, string? note)
    {
        RequireExists();
        var resolved = await ChangeAsync((settings, now) =>
        {
            var changed = Current.Resolve(actor, note, now);
            if (changed)
            {
                Current.EvaluateSla(settings.SlaPolicy, settings.Calendar, now);
            }

            return changed;
        });
        return Result(resolved);
    }

    /// <summary>
    /// Adds the resolved case to the tenant's knowledge search. The resolution is stored already
    /// and the index is derived from it, so a failure here is logged rather than failing the call.
    /// </summary>
    private async Task RecordKnowledgeAsync(TenantSettings settings)
    {
        if (KnowledgeEntry.Of(Current, settings.Guardrails.Identifiers) is not { } entry)
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

    public async Task<ConversationResult> ReopenAsync(CareActor actor, string? note)
    {
        RequireExists();
        await ChangeAsync((settings, now) =>
        {
            Current.Reopen(actor, note, now);
            Current.EvaluateSla(settings.SlaPolicy, settings.Calendar, now);
            return true;
        });
        return Result(true);
    }

    public async Task<IReadOnlyList<ConversationMessage>> ListMessagesAsync(int afterSequence, int take)
    {
        RequireExists();
        var through = Current.MessageSequence;
        var firstRecent = through - Current.RecentMessages.Count;
        if (afterSequence >= firstRecent)
        {
            return [.. Current.RecentMessages.Where(m => m.Sequence > afterSequence).Take(take)];
        }

        return await store.ReadMessagesAsync(Key, afterSequence, through, take);
    }

    public async Task CheckSlaAsync()
    {
        if (!Current.Exists || Current.Status == ConversationStatus.Resolved)
        {
            // The sweeper read the row before the change that resolved the conversation removed
            // it (or the row predates V003, when rows and state were written apart); dropping
            // the row again is harmless and ends the wake-ups.
            await store.RecordAsync(new JournalWrite(Key, [], null));
            return;
        }

        var (breaches, approvalEscalated) = await ChangeAsync((settings, now) => (Current.EvaluateSla(settings.SlaPolicy, settings.Calendar, now), Current.EscalateOverdueApproval(now)));
        if (breaches.Count == 0 && !approvalEscalated)
        {
            // The wake-up was early (another silo's clock) or the row was stale: nothing of the
            // conversation changed, so only its row is rewritten, with the right deadline.
            await store.RecordAsync(new JournalWrite(Key, [], QueueEntryOf(Current.ToQueueItem())));
        }
    }

    public async Task<ConversationResult> RecordDeliveryAsync(DeliveryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        RequireExists();
        var (_, sequence) = DeliveryIds.Parse("delivery_id", report.DeliveryId);
        var reply = await FindMessageAsync(sequence) ?? throw DeliveryIds.NotFound(Current.TenantId, report.DeliveryId);
        var retry = new DeliveryRetry(options.Value.DeliveryRetryFirstDelay, options.Value.DeliveryRetryMaxDelay);
        var retracted = reply.Kind == MessageKind.Retraction && int.TryParse(reply.RetractsMessageId, out var original) ? await FindMessageAsync(original) : null;
        var change = await ChangeAsync((_, now) => Current.RecordDelivery(reply, report, retry, now, Random.Shared.NextDouble(), retracted));
        var outcome = change.Settlement switch
        {
            DeliverySettlement.Repeated => ConversationOutcome.Unchanged,
            DeliverySettlement.Undelivered => ConversationOutcome.Undelivered,
            _ => ConversationOutcome.Changed,
        };
        return new ConversationResult(outcome, change.Reply);
    }

    /// <summary>Message number <paramref name="sequence"/>: from the recent ones, or else the history.</summary>
    private async Task<ConversationMessage?> FindMessageAsync(int sequence) =>
        sequence < 1 || sequence > Current.MessageSequence
            ? null
            : Current.RecentMessages.Find(m => m.Sequence == sequence)
                ?? (await store.ReadMessagesAsync(Key, sequence - 1, sequence, 1)).SingleOrDefault();

    public async Task<ConversationResult> ChangeCustomerAsync(string customerId)
    {
        RequireExists();
        // Whose conversation this is decides who sees it in a customer's timeline: the trail
        // says who moved it, from whom, to whom.
        return Result(await ChangeAsync((_, _) => Current.ChangeCustomer(customerId)));
    }

    /// <summary>A desk command's answer: whether it changed anything, the message it concerned, and the conversation as it now stands.</summary>
    private ConversationResult Result(bool changed, ConversationMessage? message = null) =>
        new(changed ? ConversationOutcome.Changed : ConversationOutcome.Unchanged, message, Current.ToView());

    private void RequireExists()
    {
        if (!Current.Exists)
        {
            var (tenantId, conversationId) = GrainKeys.SplitTenantScoped(Key);
            throw CareException.NotFound($"Conversation \"{conversationId}\" of tenant \"{tenantId}\"");
        }
    }

    /// <summary>
    /// The change pipeline every command goes through: the tenant's settings and "now", one
    /// domain operation, then what happened (<see cref="Conversation.TakeChanges"/>) stored as one
    /// journal write (messages, state, queue row, the trail's entries, outbox rows) and, once
    /// stored, told to whoever follows it (queue shards, the customer, knowledge, metrics), each
    /// as <see cref="ConversationEffects"/> says. If the operation throws, whatever it changed
    /// before refusing is undone by reading the conversation back from the journal: a refused
    /// request never leaves the activation different from what is stored.
    /// </summary>
    /// <exception cref="NetworkMessageStoredException">A customer's message was stored before; nothing was stored now and the activation is as stored.</exception>
    private async Task<T> ChangeAsync<T>(Func<TenantSettings, DateTimeOffset, T> operation)
    {
        var settings = await tenants.GetAsync(GrainKeys.SplitTenantScoped(Key).TenantId);
        T result;
        try
        {
            result = operation(settings, clock.GetUtcNow());
        }
        catch
        {
            await RestoreAsync();
            throw;
        }

        var changes = Current.TakeChanges();
        if (changes.Count == 0)
        {
            return result;
        }

        var effects = changes.Select(change => ConversationEffects.Of(change, Current)).ToList();
        // Computed once: the queue row stored with the change and the shards' notice are the same item.
        var item = Current.ToQueueItem();
        try
        {
            await SaveAsync(new JournalWrite(
                Key,
                Current.TakeUnsaved(),
                QueueEntryOf(item),
                new ConversationSnapshot(SerializeWithoutMessages(), _version),
                OrNull([.. effects.Select(e => e.Audit).OfType<(string Action, string Detail, CareActor? Agent)>().Select(a => Entry(a.Action, a.Detail, a.Agent))]),
                OrNull([.. effects.Where(e => e.Outbox is not null).Select(e => Delivery.Of(Current, e.Outbox!))]),
                OrNull([.. effects.Select(e => e.Received).OfType<ReceivedMessage>()])));
        }
        catch (NetworkMessageStoredException)
        {
            await RestoreAsync();
            throw;
        }

        await NotifyAsync(effects, item, settings);
        return result;
    }

    /// <summary>After a change is stored: metrics and logs, the queues it left and the one it is in, the customer, knowledge.</summary>
    private async Task NotifyAsync(List<ConversationEffect> effects, QueueItem item, TenantSettings settings)
    {
        foreach (var effect in effects)
        {
            effect.Observe?.Invoke(metrics, logger, Key, Current);
        }

        foreach (var (team, why) in effects.Select(e => e.LeftQueue).OfType<(string, QueueChangeReason)>())
        {
            await Shard(team).ApplyAsync(new QueueUpdate(item with { TeamId = team }, QueuePlacement.Removed, why, null));
        }

        if (effects.Find(e => e.Queue is not null)?.Queue is { } reason)
        {
            var placement = Current.Status == ConversationStatus.Resolved ? QueuePlacement.Removed : QueuePlacement.Listed;
            await Shard(Current.TeamId).ApplyAsync(new QueueUpdate(item, placement, reason, FirstResponseOf(effects.Select(e => e.FirstResponse).FirstOrDefault(w => w is not null))));
        }

        if (effects.Exists(e => e.Customer))
        {
            await RecordOnCustomerAsync();
        }

        foreach (var (saved, at) in effects.Select(e => e.SavedReplyUsed).OfType<(string, DateTimeOffset)>())
        {
            await GrainFactory.GetCareGrain<ISavedReplyUsageGrain>(Current.TenantId).RecordAsync(saved, at);
        }

        if (effects.Exists(e => e.Knowledge))
        {
            await RecordKnowledgeAsync(settings);
        }
    }

    /// <summary>A first response's sample for the wait estimate (and its first-response metric), when the change answered the cycle first.</summary>
    private FirstResponseSample? FirstResponseOf(TimeSpan? waited)
    {
        if (waited is not { } wait)
        {
            return null;
        }

        // The same first answer feeds the queue's wait estimate and the first-response metric.
        metrics.FirstResponded(Current.TenantId, Current.TeamId, wait);
        return new FirstResponseSample(Current.FirstResponseAt!.Value, wait);
    }

    /// <summary>
    /// A customer's message this change would have stored was stored before (the journal keeps
    /// every network key: a redelivery after many newer messages, or into a conversation resolved
    /// long ago): the message as first stored answers.
    /// </summary>
    private async Task<ConversationResult> StoredEarlierAsync(NetworkMessageStoredException stored)
    {
        var first = (await store.ReadMessagesAsync(stored.ConversationKey, stored.Sequence - 1, stored.Sequence, 1)).SingleOrDefault()
            ?? throw new InvalidDataException($"{stored.Message} The message row is missing.", stored);
        var (_, storedIn) = GrainKeys.SplitTenantScoped(stored.ConversationKey);
        return new ConversationResult(ConversationOutcome.Duplicate, first) { StoredIn = storedIn == Current.ConversationId ? null : storedIn };
    }

    private async Task RestoreAsync()
    {
        try
        {
            Current = new();
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
        if (await store.LoadConversationAsync(Key, cancellationToken) is { } stored)
        {
            var conversation = serializer.Deserialize(stored.State)
                ?? throw new InvalidDataException($"Conversation {Key} is stored as null.");
            // The recent messages are not in the stored state (see SaveAsync): the message rows
            // up to the stored count are exactly those committed with it.
            var through = conversation.MessageSequence;
            conversation.RestoreRecentMessages(await store.ReadMessagesAsync(
                Key, Math.Max(0, through - ConversationLimits.RecentMessages), through, ConversationLimits.RecentMessages, cancellationToken));
            Current = conversation;
            _version = stored.Version;
        }
    }

    /// <summary>Stores a change; if that fails, the activation is dropped, as what it holds is now ahead of what is stored.</summary>
    private async Task SaveAsync(JournalWrite write)
    {
        try
        {
            await store.RecordAsync(write);
            _version++;
        }
        catch (Exception failed) when (failed is not NetworkMessageStoredException)
        {
            // What is in memory is now ahead of what is stored; the next call must start from storage.
            DeactivateOnIdle();
            throw;
        }
    }

    private static IReadOnlyList<T>? OrNull<T>(List<T> items) => items.Count == 0 ? null : items;

    /// <summary>
    /// The trail's entry for this conversation, by the caller behind this call (see
    /// <see cref="AuditContext"/>) and attributed to <paramref name="actor"/>'s agent when given.
    /// </summary>
    private AuditEntry Entry(string action, string detail, CareActor? actor, AuditOutcome outcome = AuditOutcome.Succeeded) =>
        AuditContext.Current.Entry(
            Current.TenantId,
            clock.GetUtcNow(),
            action,
            $"conversations/{Current.ConversationId}",
            Current.ConversationId,
            detail,
            outcome,
            actor?.AgentId,
            actor?.ActedBy);

    /// <summary>The state as stored: everything but the recent messages, which the same transaction writes as message rows.</summary>
    private byte[] SerializeWithoutMessages() => Current.WithoutRecentMessages(c => serializer.SerializeToArray(c));

    /// <summary>The conversation's row in the open-conversations projection; none once resolved.</summary>
    private QueueEntry? QueueEntryOf(QueueItem item) =>
        Current.Status == ConversationStatus.Resolved
            ? null
            : new QueueEntry(Current.TenantId, Current.TeamId, ShardNumber, item, Current.NextDeadline);

    private IQueueShardGrain Shard(string teamId) =>
        GrainFactory.GetCareGrain<IQueueShardGrain>(GrainKeys.QueueShard(Current.TenantId, teamId, ShardNumber));

    /// <summary>The conversation's shard within whichever team holds it.</summary>
    private int ShardNumber => QueueSharding.ShardOf(Current.ConversationId, options.Value.QueueShardsPerTeam);

    private Task RecordOnCustomerAsync() =>
        GrainFactory.GetCareGrain<ICustomerGrain>(GrainKeys.Customer(Current.TenantId, Current.CustomerId)).RecordConversationAsync(Current.ToReference());
}
