using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using SocialCare.Domain.Access;
using SocialCare.Domain.Audit;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Tenants;
using SocialCare.Grains.Audit;
using SocialCare.Grains.Hosting;
using SocialCare.Grains.Journal;
using SocialCare.Grains.Queues;

namespace SocialCare.Grains.Tenants;

internal sealed class TenantGrain(
    [PersistentState("tenant", CareStorage.Name)] IPersistentState<TenantState> state,
    ITenantDirectory directory,
    IConversationJournal journal,
    IOptions<CareGrainOptions> options,
    [FromKeyedServices(CareClock.Key)] TimeProvider clock,
    ILogger<TenantGrain> logger) : Grain, ITenantGrain
{
    public async Task<TenantSettings> CreateAsync(TenantSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        EnsureKeyMatches(settings);
        if (state.State.Settings is not null)
        {
            throw new CareException(CareErrorKind.AlreadyExists, $"Tenant \"{settings.TenantId}\" already exists.");
        }

        var now = clock.GetUtcNow();
        state.State.Settings = settings.Validated(now) with { Version = 1, CreatedAt = now, UpdatedAt = now };
        await SaveAsync(AuditActions.TenantCreated, "tenant", "version=1");
        directory.Forget(settings.TenantId);
        GrainLog.TenantCreated(logger, settings.TenantId);
        return state.State.Settings;
    }

    public Task<TenantSettings?> GetAsync() => Task.FromResult(state.State.Settings);

    public async Task<TenantSettings> UpdateAsync(TenantSettings settings, long? expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(settings);
        EnsureKeyMatches(settings);
        var current = state.State.Settings ?? throw CareException.NotFound($"Tenant \"{settings.TenantId}\"");
        if (expectedVersion is { } expected && expected != current.Version)
        {
            throw new CareException(
                CareErrorKind.Aborted,
                $"Tenant \"{settings.TenantId}\" is at version {current.Version}, not {expected}: someone else changed it. Read it again and reapply your change.");
        }

        var now = clock.GetUtcNow();
        var validated = settings.Validated(now);
        await RequireRemovedTeamsEmptyAsync(current, validated);
        state.State.Settings = validated with
        {
            Version = current.Version + 1,
            CreatedAt = current.CreatedAt,
            UpdatedAt = now,
        };
        await SaveAsync(AuditActions.TenantUpdated, "tenant", $"version={state.State.Settings.Version}");
        directory.Forget(settings.TenantId);
        GrainLog.TenantUpdated(logger, settings.TenantId, state.State.Settings.Version);
        return state.State.Settings;
    }

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
        var key = state.State.Settings is null ? null : state.State.ApiKeys.Find(k => k.KeyId == keyId);
        var valid = key is not null && ApiKeySecret.Matches(key.SecretHash, secretHash) && key.IsUsable(clock.GetUtcNow());
        return Task.FromResult(valid ? key : null);
    }

    private TenantSettings RequireTenant() =>
        state.State.Settings ?? throw CareException.NotFound($"Tenant \"{this.GetPrimaryKeyString()}\"");

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
        return AuditScope.WriteAsync([entry], () => state.WriteOrDropAsync(DeactivateOnIdle), journal);
    }
}
