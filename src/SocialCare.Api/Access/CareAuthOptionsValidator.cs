using Microsoft.Extensions.Options;

namespace SocialCare.Api.Access;

internal sealed class CareAuthOptionsValidator : IValidateOptions<CareAuthOptions>
{
    /// <summary>HMAC-SHA256 keys shorter than its output weaken it.</summary>
    public const int MinSigningKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, CareAuthOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrEmpty(options.SigningKey))
        {
            var bytes = new byte[options.SigningKey.Length];
            if (!Convert.TryFromBase64String(options.SigningKey, bytes, out var length) || length < MinSigningKeyBytes)
            {
                failures.Add($"{CareAuthOptions.Section}:SigningKey must be base64 of at least {MinSigningKeyBytes} random bytes (e.g. openssl rand -base64 32).");
            }
        }

        if (!string.IsNullOrEmpty(options.Authority)
            && (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http")))
        {
            failures.Add($"{CareAuthOptions.Section}:Authority must be the identity provider's issuer URL, e.g. https://login.example.com/realms/care.");
        }

        if (string.IsNullOrWhiteSpace(options.Issuer) || string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add($"{CareAuthOptions.Section}:Issuer and Audience must not be empty.");
        }

        if (options.DevelopmentTokens && string.IsNullOrEmpty(options.SigningKey))
        {
            failures.Add($"{CareAuthOptions.Section}:DevelopmentTokens needs a SigningKey to sign them with.");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{CareAuthOptions.Section}:ClockSkew must be between 0 and 10 minutes.");
        }

        if (options.DevelopmentTokenLifetime <= TimeSpan.Zero || options.DevelopmentTokenLifetime > TimeSpan.FromDays(7))
        {
            failures.Add($"{CareAuthOptions.Section}:DevelopmentTokenLifetime must be more than 0 and at most 7 days.");
        }

        if (options.ApiKeyCacheDuration < TimeSpan.Zero || options.ApiKeyCacheDuration > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{CareAuthOptions.Section}:ApiKeyCacheDuration must be between 0 and 5 minutes: it is how long a revoked key keeps working.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
