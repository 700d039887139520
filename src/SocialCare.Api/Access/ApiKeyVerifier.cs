using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SocialCare.Domain.Access;
using SocialCare.Domain.Tenants;
using SocialCare.Grains.Abstractions;
using SocialCare.Grains.Abstractions.Tenants;

namespace SocialCare.Api.Access;

/// <summary>
/// Checks API keys against their tenant and remembers the answer for
/// <see cref="CareAuthOptions.ApiKeyCacheDuration"/>, so a connector's stream of calls costs one
/// lookup every few seconds rather than one per call. Unknown keys are remembered too, so
/// guessing costs the tenant nothing more than one lookup per guess.
/// </summary>
public sealed class ApiKeyVerifier(IGrainFactory grains, IOptions<CareAuthOptions> options, TimeProvider time)
{
    /// <summary>Past this many remembered keys the cache starts over, so it cannot grow without bound.</summary>
    private const int MaxRemembered = 10_000;

    private readonly ConcurrentDictionary<string, Remembered> _remembered = new(StringComparer.Ordinal);

    /// <param name="fresh">Ask the tenant even if the answer is remembered (a long-lived call re-checking its key), and remember the new answer.</param>
    /// <returns>The key's tenant and record, or null when the key is unknown, revoked or expired.</returns>
    public async ValueTask<(string TenantId, ApiKeyRecord Key)?> VerifyAsync(string presented, bool fresh = false)
    {
        if (!ApiKeySecret.TryParse(presented, out var tenantId, out var keyId, out var secret) || !Identifiers.IsSlug(tenantId))
        {
            return null;
        }

        var now = time.GetUtcNow();
        // Remembered by a hash of the whole key, so the cache holds no usable secret.
        var cacheKey = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
        if (fresh || !_remembered.TryGetValue(cacheKey, out var remembered) || remembered.Until <= now)
        {
            var key = await grains.GetCareGrain<ITenantGrain>(tenantId).VerifyApiKeyAsync(keyId, ApiKeySecret.Hash(secret));
            if (_remembered.Count >= MaxRemembered)
            {
                _remembered.Clear();
            }

            // Remembered no longer than the key is valid: a key expiring in the meantime is checked again.
            var until = now + options.Value.ApiKeyCacheDuration;
            if (key?.ExpiresAt is { } expires && expires < until)
            {
                until = expires;
            }

            remembered = new Remembered(key, until);
            _remembered[cacheKey] = remembered;
        }

        return remembered.Key is { } found ? (tenantId, found) : null;
    }

    private sealed record Remembered(ApiKeyRecord? Key, DateTimeOffset Until);
}
