using Microsoft.Extensions.Configuration;
using SocialCare.Host;

namespace SocialCare.Api.Tests.Access;

/// <summary>A signing key kept in a file, made once, so a restart signs nobody out and every silo of a cluster trusts the same tokens.</summary>
public sealed class SigningKeyFileTests : IDisposable
{
    private readonly string _path = Path.GetTempFileName();

    public void Dispose() => File.Delete(_path);

    private static ConfigurationManager Configured(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        return configuration;
    }

    [Fact]
    public void The_key_in_the_file_is_the_deployments_signing_key_every_time_it_starts()
    {
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(_path, key + "\n");

        var first = Configured(("SocialCare:Auth:SigningKeyFile", _path));
        var restarted = Configured(("SocialCare:Auth:SigningKeyFile", _path));
        AccessDefaults.Apply(first, new HostingOptions { Storage = StorageProfile.Postgres });
        AccessDefaults.Apply(restarted, new HostingOptions { Storage = StorageProfile.Postgres });

        Assert.Equal(key, first["SocialCare:Auth:SigningKey"]);
        Assert.Equal(key, restarted["SocialCare:Auth:SigningKey"]);
    }

    [Fact]
    public void A_missing_file_or_a_key_given_twice_stops_the_host_naming_the_setting()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.key");

        var unreadable = Assert.Throws<HostConfigurationException>(() => AccessDefaults.Apply(Configured(("SocialCare:Auth:SigningKeyFile", missing)), new HostingOptions { Storage = StorageProfile.Postgres }));
        var twice = Assert.Throws<HostConfigurationException>(() => AccessDefaults.Apply(Configured(("SocialCare:Auth:SigningKeyFile", _path), ("SocialCare:Auth:SigningKey", "abc")), new HostingOptions { Storage = StorageProfile.Postgres }));

        Assert.Contains("SocialCare:Auth:SigningKeyFile names", unreadable.Message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32 >", unreadable.Message, StringComparison.Ordinal);
        Assert.Contains("both set", twice.Message, StringComparison.Ordinal);
    }
}
