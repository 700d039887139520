using SocialCare.Connectors.Delivery;
using SocialCare.Domain.Conversations;

namespace SocialCare.Connectors.Tests;

public sealed class ConnectorSettingsTests
{
    private static string Write(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"connector-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void The_example_file_reads_with_its_tokens_from_the_environment()
    {
        var example = Path.Combine(AppContext.BaseDirectory, "connector.example.json");
        var settings = ConnectorSettings.Load(example, name => $"token-of-{name}");

        Assert.Equal(5, settings.Credentials.Count);
        Assert.Equal(("token-of-SOCIALCARE_X_TOKEN", Channel.X), (settings.Credentials[0].AccessToken, settings.Credentials[0].Channel));
        Assert.Equal(TimeSpan.FromSeconds(10), settings.Networks.Timeout);
    }

    [Theory]
    [InlineData("""{"accounts":[]}""", "accounts must list")]
    [InlineData("""{"accounts":[{"channel":"X","accountId":"1"}]}""", "accounts[0] needs accessToken")]
    [InlineData("""{"accounts":[{"channel":"X","accountId":"1","accessTokenEnvironment":"NOT_SET"}]}""", "NOT_SET, which is not set")]
    [InlineData("""{"accounts":[{"channel":"Email","accountId":"1","accessToken":"t"}]}""", "accounts[0].channel")]
    [InlineData("""{"maxInFlight":0,"accounts":[{"channel":"X","accountId":"1","accessToken":"t"}]}""", "maxInFlight")]
    [InlineData("""{"accounts":[{"channel":"X","accountId":"1","accessToken":"t"}""", "not valid connector settings")]
    public void Bad_settings_are_refused_naming_the_setting(string json, string said)
    {
        var path = Write(json);
        var refused = Assert.Throws<ArgumentException>(() => ConnectorSettings.Load(path, _ => null));
        Assert.Contains(said, refused.Message, StringComparison.Ordinal);
    }
}
