using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Queues;
using SocialCare.Domain.Customers;
using SocialCare.Domain.Tenants;
using SocialCare.Domain.Triage;
using SocialCare.Grains.Customers;
using SocialCare.Grains.Hosting;
using SocialCare.Grains.Queues;
using SocialCare.Grains.Tenants;

namespace SocialCare.Grains.Conversations;

/// <summary>
/// Hosts one <see cref="Conversation"/>: loads it, applies a domain operation, stores it, then
/// tells its queue shard and (for lifecycle changes) its customer. SLA wake-ups use a timer on
/// the care clock for the precise moment and a reminder so that a deactivated conversation, or
/// one whose silo died, still wakes; both are moved only when the next deadline changes.
/// </summary>
internal sealed class ConversationGrain(
    [PersistentState("conversation", CareStorage.Name)] IPersistentState<Conversation> state,
    ITenantDirectory tenants,
    [FromKeyedServices(CareClock.Key)] TimeProvider clock,
    IOptions<CareGrainOptions> options,
    CareMetrics metrics,
    ILogger<ConversationGrain> logger) : Grain, IConversationGrain, IRemindable
{
    private const string SlaReminderName = "sla";
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    private ITimer? _slaTimer;
    private DateTimeOffset? _timerDueAt;
    private DateTimeOffset? _reminderDueAt;
    private bool _reminderKnown;

    private Conversation C => state.State;

    private string Key => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (C.Exists && C.Status != ConversationStatus.Resolved)
        {
            ArmTimer(C.NextDeadline);
        }

        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _slaTimer?.Dispose();
        return Task.CompletedTask;
    }

    public async Task<ConversationMessage> OpenAsync(ConversationOpening opening)
    {
        ArgumentNullException.ThrowIfNull(opening);
        if (C.Exists)
        {
            // A retried open (the author grain failed after we stored it) returns what is stored.
            return C.FindCustomerMessage(opening.Mention.NetworkMessageId)
                ?? throw new InvalidOperationException($"Conversation {Key} is already open with other messages.");
        }

        var settings = await tenants.GetAsync(opening.Mention.TenantId);
        var (_, conversationId) = GrainKeys.SplitTenantScoped(Key);
        var now = clock.GetUtcNow();
        var message = C.Open(conversationId, opening.CustomerId, opening.TeamId, opening.Mention, opening.Triage, now);
        C.EvaluateSla(settings.SlaPolicy, settings.Calendar, now);
        await state.WriteStateAsync();
        GrainLog.ConversationOpened(logger, Key, C.Channel, C.CustomerId, C.Priority);
        await PublishAsync(QueueChangeReason.CustomerMessage);
        await ScheduleSlaAsync();
        return message;
    }

    public async Task<InboundReceipt> AcceptInboundAsync(Mention mention, TriageResult triage)
    {
        RequireExists();
        var settings = await tenants.GetAsync(C.TenantId);
        var now = clock.GetUtcNow();
        var (disposition, message) = C.AcceptInbound(mention, triage, settings.ReopenWindow, now);
        if (disposition is InboundDisposition.Appended or InboundDisposition.Reopened)
        {
            C.EvaluateSla(settings.SlaPolicy, settings.Calendar, now);
            await state.WriteStateAsync();
            var reopened = disposition == InboundDisposition.Reopened;
            await PublishAsync(reopened ? QueueChangeReason.Reopened : QueueChangeReason.CustomerMessage);
            if (reopened)
            {
                await RecordOnCustomerAsync();
            }

            await ScheduleSlaAsync();
        }

        return new InboundReceipt(disposition, message);
    }

    public Task<Conversation> GetAsync()
    {
        RequireExists();
        return Task.FromResult(C);
    }

    public async Task<Conversation> ClaimAsync(string agentId)
    {
        RequireExists();
        if (C.Claim(agentId, clock.GetUtcNow()))
        {
            await state.WriteStateAsync();
            await PublishAsync(QueueChangeReason.Claimed);
        }

        return C;
    }

    public async Task<ConversationChange> ReplyAsync(ReplyCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        RequireExists();
        var settings = await tenants.GetAsync(C.TenantId);
        var now = clock.GetUtcNow();
        var firstOfCycle = C.FirstResponseAt is null;
        var (reply, created) = C.Reply(command.AgentId, command.Text, command.Signature, command.Visibility, command.RequestId, now);
        if (created)
        {
            C.EvaluateSla(settings.SlaPolicy, settings.Calendar, now);
            await state.WriteStateAsync();
            metrics.ReplyPosted(C.Channel, reply.Visibility);
            var sample = firstOfCycle ? new FirstResponseSample(now, now - C.CycleStartedAt) : (FirstResponseSample?)null;
            await PublishAsync(QueueChangeReason.Replied, sample);
            await ScheduleSlaAsync();
        }

        return new ConversationChange(C, reply);
    }

    public async Task<ConversationChange> AddNoteAsync(string agentId, string text)
    {
        RequireExists();
        var note = C.AddNote(agentId, text, clock.GetUtcNow());
        await state.WriteStateAsync();
        if (C.Status != ConversationStatus.Resolved)
        {
            await PublishAsync(QueueChangeReason.NoteAdded);
        }

        return new ConversationChange(C, note);
    }

    public async Task<Conversation> EscalateAsync(string agentId, string teamId, string note)
    {
        RequireExists();
        var settings = await tenants.GetAsync(C.TenantId);
        if (!settings.HasTeam(teamId))
        {
            throw CareException.Invalid("team_id", $"\"{teamId}\" is not one of tenant \"{C.TenantId}\"'s teams ({string.Join(", ", settings.Teams.Select(t => t.TeamId))}).");
        }

        var fromTeam = C.TeamId;
        C.Escalate(agentId, teamId, note, clock.GetUtcNow());
        await state.WriteStateAsync();
        await LeaveQueueAsync(fromTeam, QueueChangeReason.Escalated);
        await PublishAsync(QueueChangeReason.Escalated);
        return C;
    }

    public async Task<Conversation> ResolveAsync(string agentId, string? note)
    {
        RequireExists();
        var now = clock.GetUtcNow();
        if (C.Resolve(agentId, note, now))
        {
            var settings = await tenants.GetAsync(C.TenantId);
            C.EvaluateSla(settings.SlaPolicy, settings.Calendar, now);
            await state.WriteStateAsync();
            metrics.Resolved();
            await PublishAsync(QueueChangeReason.Resolved);
            await RecordOnCustomerAsync();
            await ScheduleSlaAsync();
        }

        return C;
    }

    public async Task<Conversation> ReopenAsync(string agentId, string? note)
    {
        RequireExists();
        var settings = await tenants.GetAsync(C.TenantId);
        var now = clock.GetUtcNow();
        C.Reopen(agentId, note, now);
        C.EvaluateSla(settings.SlaPolicy, settings.Calendar, now);
        await state.WriteStateAsync();
        await PublishAsync(QueueChangeReason.Reopened);
        await RecordOnCustomerAsync();
        await ScheduleSlaAsync();
        return C;
    }

    public async Task CheckSlaAsync()
    {
        if (!C.Exists || C.Status == ConversationStatus.Resolved)
        {
            await ScheduleSlaAsync();
            return;
        }

        var settings = await tenants.GetAsync(C.TenantId);
        var breaches = C.EvaluateSla(settings.SlaPolicy, settings.Calendar, clock.GetUtcNow());
        if (breaches.Count > 0)
        {
            await state.WriteStateAsync();
            foreach (var breach in breaches)
            {
                metrics.Breached(breach.Kind);
                GrainLog.SlaBreached(logger, Key, breach.Kind, breach.DueAt);
            }

            await PublishAsync(QueueChangeReason.SlaBreached);
        }

        await ScheduleSlaAsync();
    }

    public async Task<ConversationReference> ChangeCustomerAsync(string customerId)
    {
        RequireExists();
        C.CustomerId = customerId;
        await state.WriteStateAsync();
        return C.ToReference();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => CheckSlaAsync();

    private void RequireExists()
    {
        if (!C.Exists)
        {
            var (tenantId, conversationId) = GrainKeys.SplitTenantScoped(Key);
            throw CareException.NotFound($"Conversation \"{conversationId}\" of tenant \"{tenantId}\"");
        }
    }

    private Task PublishAsync(QueueChangeReason reason, FirstResponseSample? firstResponse = null)
    {
        var item = C.ToQueueItem();
        return Shard(C.TeamId).ApplyAsync(new QueueUpdate(item, C.Status == ConversationStatus.Resolved, reason, firstResponse));
    }

    private Task LeaveQueueAsync(string teamId, QueueChangeReason reason) =>
        Shard(teamId).ApplyAsync(new QueueUpdate(C.ToQueueItem() with { TeamId = teamId }, true, reason, null));

    private IQueueShardGrain Shard(string teamId) =>
        GrainFactory.GetGrain<IQueueShardGrain>(GrainKeys.QueueShard(
            C.TenantId,
            teamId,
            QueueSharding.ShardOf(C.ConversationId, options.Value.QueueShardsPerTeam)));

    private Task RecordOnCustomerAsync() =>
        GrainFactory.GetGrain<ICustomerGrain>(GrainKeys.Customer(C.TenantId, C.CustomerId)).RecordConversationAsync(C.ToReference());

    private async Task ScheduleSlaAsync()
    {
        var next = C.Exists && C.Status != ConversationStatus.Resolved ? C.NextDeadline : null;
        ArmTimer(next);
        if (_reminderKnown && next == _reminderDueAt)
        {
            return;
        }

        if (next is { } due)
        {
            var delay = due - clock.GetUtcNow();
            await this.RegisterOrUpdateReminder(SlaReminderName, delay > TimeSpan.Zero ? delay : TimeSpan.Zero, ReminderPeriod);
        }
        else if (await this.GetReminder(SlaReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        _reminderDueAt = next;
        _reminderKnown = true;
    }

    private void ArmTimer(DateTimeOffset? due)
    {
        if (due == _timerDueAt && (_slaTimer is not null || due is null))
        {
            return;
        }

        _slaTimer?.Dispose();
        _slaTimer = null;
        _timerDueAt = due;
        if (due is not { } at)
        {
            return;
        }

        var delay = at - clock.GetUtcNow();
        var max = options.Value.MaxSlaTimerDelay;
        delay = delay < TimeSpan.Zero ? TimeSpan.Zero : delay > max ? max : delay;
        var self = this.AsReference<IConversationGrain>();
        var key = Key;
        // The callback runs outside the grain's turn: it goes back in through the grain's
        // reference, so the check is an ordinary, serialised grain call.
        _slaTimer = clock.CreateTimer(
            _ => self.CheckSlaAsync().ContinueWith(
                t => GrainLog.SlaWakeUpFailed(logger, t.Exception!, key),
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted,
                TaskScheduler.Default),
            null,
            delay,
            Timeout.InfiniteTimeSpan);
    }
}
