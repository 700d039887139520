using System.Security.Cryptography;
using SocialCare.Api.Access;

namespace SocialCare.Host;

/// <summary>
/// Who is trusted when nothing says so. The in-memory profile is for a first try on one machine:
/// it signs with a key made at start (tokens die with the process, as its data does) and hands
/// development tokens to local callers. A durable deployment must be told whom to trust.
/// </summary>
internal static class AccessDefaults
{
    /// <summary>The key from <c>SigningKeyFile</c>, as if it had been given as <c>SigningKey</c>.</summary>
    private static void ReadKeyFile(ConfigurationManager configuration, IConfigurationSection auth)
    {
        if (auth[nameof(CareAuthOptions.SigningKeyFile)] is { Length: > 0 } && SigningKeyOf(auth) is { } key)
        {
            configuration.AddInMemoryCollection([new KeyValuePair<string, string?>($"{CareAuthOptions.Section}:{nameof(CareAuthOptions.SigningKey)}", key)]);
        }
    }

    /// <summary>
    /// The deployment's signing key (base64), given as <c>SigningKey</c> or read from
    /// <c>SigningKeyFile</c>; null when neither is set.
    /// </summary>
    public static string? SigningKeyOf(IConfigurationSection auth)
    {
        ArgumentNullException.ThrowIfNull(auth);
        var given = auth[nameof(CareAuthOptions.SigningKey)];
        if (auth[nameof(CareAuthOptions.SigningKeyFile)] is not { Length: > 0 } path)
        {
            return string.IsNullOrEmpty(given) ? null : given;
        }

        const string Setting = $"{CareAuthOptions.Section}:{nameof(CareAuthOptions.SigningKeyFile)}";
        if (!string.IsNullOrEmpty(given))
        {
            throw new HostConfigurationException($"{CareAuthOptions.Section}:SigningKey and {Setting} are both set: set one.");
        }

        try
        {
            return System.IO.File.ReadAllText(path).Trim();
        }
        catch (Exception unreadable) when (unreadable is IOException or UnauthorizedAccessException)
        {
            throw new HostConfigurationException($"{Setting} names {path}, which cannot be read ({unreadable.Message}). Make it once: openssl rand -base64 32 > {path}");
        }
    }

    public static void Apply(ConfigurationManager configuration, HostingOptions hosting)
    {
        var auth = configuration.GetSection(CareAuthOptions.Section);
        ReadKeyFile(configuration, auth);
        var hasKey = !string.IsNullOrEmpty(auth[nameof(CareAuthOptions.SigningKey)]);
        var hasAuthority = !string.IsNullOrEmpty(auth[nameof(CareAuthOptions.Authority)]);
        if (hosting.Storage == StorageProfile.InMemory)
        {
            var defaults = new Dictionary<string, string?>();
            if (!hasKey)
            {
                defaults[$"{CareAuthOptions.Section}:{nameof(CareAuthOptions.SigningKey)}"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            }

            if (auth[nameof(CareAuthOptions.DevelopmentTokens)] is null)
            {
                defaults[$"{CareAuthOptions.Section}:{nameof(CareAuthOptions.DevelopmentTokens)}"] = "true";
            }

            // Added first, so anything configured still wins.
            configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = defaults });
            return;
        }

        if (!hasKey && !hasAuthority && !auth.GetValue<bool>(nameof(CareAuthOptions.AllowAnonymous)))
        {
            throw new HostConfigurationException(
                $"{CareAuthOptions.Section} trusts nobody: set SigningKey (base64 of 32 random bytes: openssl rand -base64 32) or Authority (your OpenID Connect identity provider), or AllowAnonymous=true for development only.");
        }
    }
}
