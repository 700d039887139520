using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SocialCare.Api.Access;

/// <summary>
/// Keeps checking the credential of a long-lived call (a watch, a stream of mentions or
/// deliveries, an export) for as long as the call runs, and ends it when the credential would be
/// refused on a new call: a token at its expiry (plus the clock skew new calls are allowed), an
/// API key once it is revoked or expires (checked afresh every
/// <see cref="CareAuthOptions.ApiKeyCacheDuration"/>, at least every second). A credential is
/// checked once when a call starts; without this, a stream opened before a revocation would go
/// on receiving customers' words for as long as its client kept it open.
/// </summary>
public sealed class CredentialWatch : IAsyncDisposable
{
    /// <summary>The longest single wait: Task.Delay refuses waits past about 49 days.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    private static readonly TimeSpan ShortestRecheck = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _ended = new();
    private readonly CancellationTokenSource _callOver = new();
    private readonly Task _watching;

    private CredentialWatch(CareCaller caller, string? presentedKey, ApiKeyVerifier verifier, CareAuthOptions options, TimeProvider time)
    {
        _watching = WatchAsync(caller, presentedKey, verifier, options, time);
    }

    /// <summary>Cancelled when the credential stopped being valid; <see cref="Reason"/> says why.</summary>
    public CancellationToken Ended => _ended.Token;

    /// <summary>Why the credential stopped being valid, for the call's UNAUTHENTICATED status; null while it holds.</summary>
    public string? Reason { get; private set; }

    /// <summary>Starts watching the caller of <paramref name="http"/>; null for a caller with nothing that can lapse (anonymous development calls).</summary>
    public static CredentialWatch? Start(CareCaller caller, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(http);
        if (caller.Kind == CallerKind.Anonymous)
        {
            return null;
        }

        var services = http.RequestServices;
        var key = caller.Kind == CallerKind.ApiKey && http.Request.Headers.TryGetValue(ApiKeyAuthenticationHandler.Header, out var presented)
            ? presented.ToString()
            : null;
        return new CredentialWatch(
            caller,
            key,
            services.GetRequiredService<ApiKeyVerifier>(),
            services.GetRequiredService<IOptions<CareAuthOptions>>().Value,
            services.GetService<TimeProvider>() ?? TimeProvider.System);
    }

    private async Task WatchAsync(CareCaller caller, string? presentedKey, ApiKeyVerifier verifier, CareAuthOptions options, TimeProvider time)
    {
        // Tokens are accepted up to ClockSkew past their expiry, so a stream ends when a new call would be refused.
        var lapses = caller.ExpiresAt is { } expires ? expires + (presentedKey is null ? options.ClockSkew : TimeSpan.Zero) : (DateTimeOffset?)null;
        var recheck = options.ApiKeyCacheDuration > ShortestRecheck ? options.ApiKeyCacheDuration : ShortestRecheck;
        try
        {
            while (true)
            {
                var now = time.GetUtcNow();
                if (lapses is { } at && at <= now)
                {
                    End($"the credential expired at {at:O}; sign in again and reopen the stream.");
                    return;
                }

                var wait = lapses is { } until ? until - now : LongestWait;
                if (presentedKey is not null && recheck < wait)
                {
                    wait = recheck;
                }

                await Task.Delay(wait < LongestWait ? wait : LongestWait, time, _callOver.Token);
                if (presentedKey is not null && await StillValidAsync(verifier, presentedKey) == false)
                {
                    End("the API key was revoked or has expired; streams it opened are ended.");
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_callOver.IsCancellationRequested)
        {
            // The call ended first.
        }
    }

    /// <summary>Whether the key still holds; null when its tenant could not be asked (storage down), which ends nothing and is asked again.</summary>
    private static async Task<bool?> StillValidAsync(ApiKeyVerifier verifier, string presentedKey)
    {
        try
        {
            return await verifier.VerifyAsync(presentedKey, fresh: true) is not null;
        }
        catch (Exception lookupFailed) when (lookupFailed is not OperationCanceledException)
        {
            return null;
        }
    }

    private void End(string reason)
    {
        Reason = reason;
        _ended.Cancel();
    }

    public async ValueTask DisposeAsync()
    {
        await _callOver.CancelAsync();
        await _watching;
        _callOver.Dispose();
        _ended.Dispose();
    }
}
