using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Tenants;
using SocialCare.Grains.Hosting;
using SocialCare.Grains.Abstractions;
using SocialCare.Grains.Abstractions.Tenants;

namespace SocialCare.Grains.Tenants;

/// <summary>
/// Settings are cached for <see cref="CareGrainOptions.TenantCacheDuration"/>: another silo may
/// serve a tenant's previous settings for that long after a change. Unknown tenants are never
/// cached, so a tenant is usable the moment it is created.
/// </summary>
internal sealed class TenantDirectory(IGrainFactory grains, IOptions<CareGrainOptions> options) : ITenantDirectory
{
    private readonly ConcurrentDictionary<string, (TenantSettings Settings, long FetchedAt)> _cache = new(StringComparer.Ordinal);
    private readonly TimeSpan _duration = options.Value.TenantCacheDuration;

    public async ValueTask<TenantSettings> GetAsync(string tenantId)
    {
        if (_cache.TryGetValue(tenantId, out var cached) && Stopwatch.GetElapsedTime(cached.FetchedAt) < _duration)
        {
            return cached.Settings;
        }

        var settings = await grains.GetCareGrain<ITenantGrain>(tenantId).GetAsync()
            ?? throw CareException.NotFound($"Tenant \"{tenantId}\"");
        _cache[tenantId] = (settings, Stopwatch.GetTimestamp());
        return settings;
    }

    public void Forget(string tenantId) => _cache.TryRemove(tenantId, out _);
}
