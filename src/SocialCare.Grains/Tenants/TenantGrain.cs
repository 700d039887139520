using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using SocialCare.Domain.Access;
using SocialCare.Domain.Audit;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Policies;
using SocialCare.Domain.SavedReplies;
using SocialCare.Domain.Tenants;
using SocialCare.Domain.Triage;
using SocialCare.Grains.Audit;
using SocialCare.Grains.Abstractions.Audit;
using SocialCare.Grains.Hosting;
using SocialCare.Grains.Abstractions.Hosting;
using SocialCare.Grains.Journal;
using SocialCare.Grains.Queues;
using SocialCare.Grains.Abstractions.Queues;
using SocialCare.Grains.Abstractions;
using SocialCare.Grains.Abstractions.Tenants;

namespace SocialCare.Grains.Tenants;

internal sealed class TenantGrain(
    [PersistentState("tenant", CareStorage.Name)] IPersistentState<TenantState> state,
    ITenantDirectory directory,
    IAuditStore trail,
    IOptions<CareGrainOptions> options,
    [FromKeyedServices(CareClock.Key)] TimeProvider clock,
    Triage.TenantTriage triage,
    ILogger<TenantGrain> logger) : Grain, ITenantGrain
{
    public async Task<TenantSettings> CreateAsync(TenantSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        EnsureKeyMatches(settings);
        RequireNotDeleting();
        if (state.State.Settings is not null)
        {
            throw new CareException(CareErrorKind.AlreadyExists, $"Tenant \"{settings.TenantId}\" already exists.");
        }

        var now = clock.GetUtcNow();
        state.State.Settings = Created(settings, now);
        await SaveAsync(AuditActions.TenantCreated, "tenant", "version=1");
        directory.Forget(settings.TenantId);
        GrainLog.TenantCreated(logger, settings.TenantId);
        return state.State.Settings;
    }

    public Task<TenantSettings?> GetAsync() => Task.FromResult(state.State.InService);

    public async Task<TenantSettings> UpdateAsync(TenantSettings settings, long? expectedVersion)
    {
        var (current, validated, now) = await PrepareUpdateAsync(settings, expectedVersion);
        await StoreAsync(current, validated, now, AuditActions.TenantUpdated, "tenant", "");
        return state.State.Settings!;
    }

    public async Task<TenantSettings> PreviewAsync(TenantSettings settings, long? expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(settings);
        EnsureKeyMatches(settings);
        RequireNotDeleting();
        var now = clock.GetUtcNow();
        if (state.State.Settings is null)
        {
            return Created(settings, now);
        }

        var (current, validated, _) = await PrepareUpdateAsync(settings, expectedVersion);
        return Stamped(current, validated, now);
    }

    /// <summary>Every check an update makes before anything is stored, shared by the update and its preview.</summary>
    private async Task<(TenantSettings Current, TenantSettings Validated, DateTimeOffset Now)> PrepareUpdateAsync(TenantSettings settings, long? expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(settings);
        EnsureKeyMatches(settings);
        var current = state.State.InService ?? throw CareException.NotFound($"Tenant \"{settings.TenantId}\"");
        if (expectedVersion is { } expected && expected != current.Version)
        {
            throw new CareException(
                CareErrorKind.Aborted,
                $"Tenant \"{settings.TenantId}\" is at version {current.Version}, not {expected}: someone else changed it. Read it again and reapply your change.");
        }

        var now = clock.GetUtcNow();
        // Which triage models are in use is changed by activation and rollback only, and the
        // care policy by saving one; both are checked against the new settings all the same.
        var validated = (settings with { TriageModels = current.TriageModels, Policy = current.Policy }).Validated(now);
        await RequireRemovedTeamsEmptyAsync(current, validated);
        return (current, validated, now);
    }

    public Task<SavedReply> CreateSavedReplyAsync(SavedReply reply) => PutSavedReplyAsync(reply, create: true, expectedVersion: null);

    public Task<SavedReply> UpdateSavedReplyAsync(SavedReply reply, long? expectedVersion) => PutSavedReplyAsync(reply, create: false, expectedVersion);

    private async Task<SavedReply> PutSavedReplyAsync(SavedReply reply, bool create, long? expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var current = RequireTenant();
        // Checked on its own first, so errors name the request's fields rather than the library's.
        reply.Validate("saved_reply", current);
        var existing = current.SavedReplies.FirstOrDefault(r => r.Id == reply.Id);
        if (create && existing is not null)
        {
            throw new CareException(CareErrorKind.AlreadyExists, $"Saved reply \"{reply.Id}\" of tenant \"{current.TenantId}\" already exists (version {existing.Version}); update it instead.");
        }

        if (!create)
        {
            RequireVersion(current.TenantId, existing, reply.Id, expectedVersion);
        }

        var now = clock.GetUtcNow();
        var library = create
            ? [.. current.SavedReplies, reply]
            : current.SavedReplies.Select(r => r.Id == reply.Id ? reply : r).ToList();
        var validated = (current with { SavedReplies = library }).Validated(now);
        await StoreAsync(current, validated, now, create ? AuditActions.SavedReplyCreated : AuditActions.SavedReplyUpdated, $"savedReplies/{reply.Id}", "");
        return state.State.Settings!.SavedReplies.First(r => r.Id == reply.Id);
    }

    public async Task DeleteSavedReplyAsync(string savedReplyId, long? expectedVersion)
    {
        var current = RequireTenant();
        var existing = current.SavedReplies.FirstOrDefault(r => r.Id == savedReplyId);
        RequireVersion(current.TenantId, existing, savedReplyId, expectedVersion);
        var now = clock.GetUtcNow();
        var validated = (current with { SavedReplies = [.. current.SavedReplies.Where(r => r.Id != savedReplyId)] }).Validated(now);
        await StoreAsync(current, validated, now, AuditActions.SavedReplyDeleted, $"savedReplies/{savedReplyId}", $"saved_reply_version={existing!.Version} ");
    }

    public async Task<TriageModelChoice> ActivateTriageModelAsync(TriageTask task, int version, double? complaintThreshold)
    {
        var current = RequireTenant();
        var choice = current.TriageModels.Activate(task, version, complaintThreshold);
        var threshold = choice.ComplaintThreshold is { } own && task == TriageTask.Complaint ? $" complaint_threshold={own.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)}" : "";
        await StoreAsync(current, current with { TriageModels = choice }, clock.GetUtcNow(), AuditActions.TriageModelActivated, $"triageModels/{TriageLabels.OfTask(task)}/{version}", $"from={current.TriageModels.VersionOf(task)}{threshold} ");
        return choice;
    }

    public async Task<TriageModelChoice> RollBackTriageModelAsync(TriageTask task)
    {
        var current = RequireTenant();
        var choice = current.TriageModels.RollBack(task, current.TenantId);
        await StoreAsync(current, current with { TriageModels = choice }, clock.GetUtcNow(), AuditActions.TriageModelRolledBack, $"triageModels/{TriageLabels.OfTask(task)}/{choice.VersionOf(task)}", $"from={current.TriageModels.VersionOf(task)} ");
        return choice;
    }

    public async Task<CarePolicy> SavePolicyAsync(IReadOnlyList<PolicyRule> rules, long? expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var current = RequireTenant();
        if (expectedVersion is { } expected && expected != current.Policy.Version)
        {
            throw new CareException(
                CareErrorKind.Aborted,
                $"The care policy of tenant \"{current.TenantId}\" is at version {current.Policy.Version}, not {expected}: someone else saved it. Read it again and reapply your change.");
        }

        var now = clock.GetUtcNow();
        var policy = new CarePolicy(current.Policy.Version + 1, [.. rules], now, AuditContext.Current.CallerId).Validated(current);
        var validated = (current with { Policy = policy }).Validated(now);
        if (current.Policy.Version > 0)
        {
            state.State.PolicyHistory.Add(current.Policy);
        }

        // A failed write drops the activation, history and settings with it: nothing half-saved is served.
        await StoreAsync(current, validated, now, AuditActions.CarePolicySaved, $"carePolicy/{policy.Version}", $"rules={policy.Rules.Count} ");
        return policy;
    }

    public Task<IReadOnlyList<CarePolicy>> ListPolicyVersionsAsync()
    {
        var current = RequireTenant();
        return Task.FromResult<IReadOnlyList<CarePolicy>>([current.Policy, .. Enumerable.Reverse(state.State.PolicyHistory)]);
    }

    public async Task<PolicyPreview> PreviewPolicyAsync(Mention mention, bool followUp, string customerId, IReadOnlyList<PolicyRule>? draft)
    {
        ArgumentNullException.ThrowIfNull(mention);
        var current = RequireTenant();
        var now = clock.GetUtcNow();
        var policy = draft is null ? current.Policy : new CarePolicy(current.Policy.Version + 1, [.. draft], now, AuditContext.Current.CallerId).Validated(current, "draft_rules");
        var read = await triage.ClassifyAsync(current, mention.Readable, mention.Author);
        var facts = PolicyFacts.Of(current, mention, customerId, read, followUp, now);
        var decision = policy.Decide(facts, current.OpeningTeam(mention.KeywordMatch));
        return new PolicyPreview(
            read with { Priority = decision.Priority },
            policy.Explain(facts),
            decision);
    }

    private static void RequireVersion(string tenantId, SavedReply? existing, string savedReplyId, long? expectedVersion)
    {
        if (existing is null)
        {
            throw SavedReply.NotFound(tenantId, savedReplyId, "saved_reply_id");
        }

        if (expectedVersion is { } expected && expected != existing.Version)
        {
            throw new CareException(
                CareErrorKind.Aborted,
                $"Saved reply \"{savedReplyId}\" is at version {existing.Version}, not {expected}: someone else changed it. Read it again and reapply your change.");
        }
    }

    /// <summary>Stores validated settings as the next version, saved replies versioned against <paramref name="current"/>'s.</summary>
    private async Task StoreAsync(TenantSettings current, TenantSettings validated, DateTimeOffset now, string action, string target, string detail)
    {
        state.State.Settings = Stamped(current, validated, now);
        await SaveAsync(action, target, $"{detail}version={state.State.Settings.Version}");
        directory.Forget(current.TenantId);
        GrainLog.TenantUpdated(logger, current.TenantId, state.State.Settings.Version);
    }

    /// <summary>A new tenant's settings as stored: checked, at version 1, its saved replies at their first version.</summary>
    private static TenantSettings Created(TenantSettings settings, DateTimeOffset now)
    {
        var validated = settings.Validated(now);
        return validated with
        {
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
            SavedReplies = SavedReply.Stamp([], validated.SavedReplies, now, AuditContext.Current.CallerId),
        };
    }

    private static TenantSettings Stamped(TenantSettings current, TenantSettings validated, DateTimeOffset now) => validated with
    {
        Version = current.Version + 1,
        CreatedAt = current.CreatedAt,
        UpdatedAt = now,
        SavedReplies = SavedReply.Stamp(current.SavedReplies, validated.SavedReplies, now, AuditContext.Current.CallerId),
    };

    public async Task<IssuedApiKey> CreateApiKeyAsync(ApiKeyRequest request, string createdBy)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tenant = RequireTenant();
        var (key, secret) = request.Issue(tenant, state.State.ApiKeys.Count, createdBy, clock.GetUtcNow());
        state.State.ApiKeys.Add(key);
        await SaveAsync(AuditActions.ApiKeyCreated, $"apiKeys/{key.KeyId}", $"roles={string.Join(',', CareRoleNames.Of(key.Roles))}");
        GrainLog.ApiKeyCreated(logger, tenant.TenantId, key.KeyId, key.Roles, createdBy);
        return new IssuedApiKey(key, secret);
    }

    public Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync()
    {
        RequireTenant();
        return Task.FromResult<IReadOnlyList<ApiKeyRecord>>(state.State.ApiKeys.AsEnumerable().Reverse().ToList());
    }

    public async Task<ApiKeyRecord> RevokeApiKeyAsync(string keyId, string revokedBy)
    {
        var tenant = RequireTenant();
        var index = state.State.ApiKeys.FindIndex(k => k.KeyId == keyId);
        if (index < 0)
        {
            throw CareException.NotFound($"API key \"{keyId}\" of tenant \"{tenant.TenantId}\"", "name");
        }

        var key = state.State.ApiKeys[index];
        if (key.RevokedAt is not null)
        {
            return key;
        }

        state.State.ApiKeys[index] = key with { RevokedAt = clock.GetUtcNow(), RevokedBy = revokedBy };
        await SaveAsync(AuditActions.ApiKeyRevoked, $"apiKeys/{keyId}", "");
        GrainLog.ApiKeyRevoked(logger, tenant.TenantId, keyId, revokedBy);
        return state.State.ApiKeys[index];
    }

    public Task<ApiKeyRecord?> VerifyApiKeyAsync(string keyId, byte[] secretHash)
    {
        ArgumentNullException.ThrowIfNull(secretHash);
        var key = state.State.InService is null ? null : state.State.ApiKeys.Find(k => k.KeyId == keyId);
        var valid = key is not null && ApiKeySecret.Matches(key.SecretHash, secretHash) && key.IsUsable(clock.GetUtcNow());
        return Task.FromResult(valid ? key : null);
    }

    private TenantSettings RequireTenant() =>
        state.State.InService ?? throw CareException.NotFound($"Tenant \"{this.GetPrimaryKeyString()}\"");

    /// <summary>A tenant being deleted cannot be made again under its id until its records are gone.</summary>
    private void RequireNotDeleting()
    {
        if (state.State.DeletingSince is not null)
        {
            throw new CareException(
                CareErrorKind.FailedPrecondition,
                $"Tenant \"{this.GetPrimaryKeyString()}\" is being deleted; its deletion did not finish: call DeleteTenant again to finish it, then create the tenant.");
        }
    }

    public async Task<bool> BeginDeletionAsync(long? expectedVersion)
    {
        var tenantId = this.GetPrimaryKeyString();
        if (state.State.Settings is not { } current)
        {
            return false;
        }

        if (state.State.DeletingSince is null)
        {
            if (expectedVersion is { } expected && expected != current.Version)
            {
                throw new CareException(
                    CareErrorKind.Aborted,
                    $"Tenant \"{tenantId}\" is at version {current.Version}, not {expected}: someone else changed it. Read it again before deleting it.");
            }

            state.State.DeletingSince = clock.GetUtcNow();
            await state.WriteOrDropAsync(DeactivateOnIdle);
            GrainLog.TenantDeletionBegun(logger, tenantId, AuditContext.Current.CallerId);
        }

        directory.Forget(tenantId);
        return true;
    }

    public async Task EndDeletionAsync()
    {
        // Read again rather than reset: the erasure removed this grain's record, so what storage
        // answers now is the truth (a record still there means the erasure did not take it, and
        // the tenant stays deleted-but-not-gone until a deletion finishes).
        await state.ReadStateAsync();
        directory.Forget(this.GetPrimaryKeyString());
        DeactivateOnIdle();
    }

    /// <summary>
    /// A team is removed only once it holds no open conversation: removing it with some would
    /// leave them in no queue anyone reads. The desk escalates or resolves them first (the error
    /// says how many), rather than SocialCare moving customers' conversations on its own.
    /// </summary>
    private async Task RequireRemovedTeamsEmptyAsync(TenantSettings current, TenantSettings next)
    {
        foreach (var team in current.Teams.Where(t => !next.HasTeam(t.TeamId)))
        {
            var shards = GrainKeys.TeamQueueShards(current.TenantId, team.TeamId, options.Value.QueueShardsPerTeam)
                .Select(key => GrainFactory.GetCareGrain<IQueueShardGrain>(key));
            var open = (await Task.WhenAll(shards.Select(s => s.ListAsync(null, ReportedOpenConversations, Domain.Queues.QueueFilter.All)))).Sum(items => items.Count);
            if (open > 0)
            {
                var count = open >= ReportedOpenConversations ? $"at least {ReportedOpenConversations}" : open.ToString(System.Globalization.CultureInfo.InvariantCulture);
                throw new CareException(
                    CareErrorKind.FailedPrecondition,
                    $"tenant.teams: team \"{team.TeamId}\" still holds {count} open conversations; escalate them to another team or resolve them, then remove the team.",
                    "tenant.teams");
            }
        }
    }

    /// <summary>How far the open conversations of a team being removed are counted for the error.</summary>
    private const int ReportedOpenConversations = 100;

    private void EnsureKeyMatches(TenantSettings settings)
    {
        if (settings.TenantId != this.GetPrimaryKeyString())
        {
            throw new ArgumentException($"Tenant grain {this.GetPrimaryKeyString()} was given settings of tenant {settings.TenantId}.", nameof(settings));
        }
    }

    /// <summary>
    /// Stores the state with the trail's entry for the change, in one transaction where the storage
    /// can (see <see cref="AuditScope"/>), or drops the activation if that fails (see
    /// <see cref="StoredStateExtensions.WriteOrDropAsync"/>).
    /// </summary>
    private Task SaveAsync(string action, string target, string detail)
    {
        var entry = AuditContext.Current.Entry(this.GetPrimaryKeyString(), clock.GetUtcNow(), action, target, detail: detail);
        return AuditScope.WriteAsync([entry], () => state.WriteOrDropAsync(DeactivateOnIdle), trail);
    }
}
