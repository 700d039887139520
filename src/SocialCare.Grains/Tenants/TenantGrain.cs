using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Tenants;
using SocialCare.Grains.Hosting;

namespace SocialCare.Grains.Tenants;

internal sealed class TenantGrain(
    [PersistentState("tenant", CareStorage.Name)] IPersistentState<TenantState> state,
    ITenantDirectory directory,
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
        await state.WriteStateAsync();
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
        state.State.Settings = settings.Validated(now) with
        {
            Version = current.Version + 1,
            CreatedAt = current.CreatedAt,
            UpdatedAt = now,
        };
        await state.WriteStateAsync();
        directory.Forget(settings.TenantId);
        GrainLog.TenantUpdated(logger, settings.TenantId, state.State.Settings.Version);
        return state.State.Settings;
    }

    private void EnsureKeyMatches(TenantSettings settings)
    {
        if (settings.TenantId != this.GetPrimaryKeyString())
        {
            throw new ArgumentException($"Tenant grain {this.GetPrimaryKeyString()} was given settings of tenant {settings.TenantId}.", nameof(settings));
        }
    }
}
