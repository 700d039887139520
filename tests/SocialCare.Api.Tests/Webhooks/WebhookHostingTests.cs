using Microsoft.Extensions.Configuration;
using SocialCare.Api.Webhooks;
using SocialCare.Host;

namespace SocialCare.Api.Tests.Webhooks;

public sealed class WebhookHostingTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Signatures_cannot_be_switched_off_on_the_durable_profile()
    {
        var refused = Assert.Throws<HostConfigurationException>(() => HostingOptionsReader.Read(Settings(
            ("SocialCare:Storage", "Postgres"),
            ("ConnectionStrings:SocialCare", "Host=127.0.0.1;Database=x"),
            ("SocialCare:Webhooks:AllowUnsigned", "true"))));
        Assert.Contains("AllowUnsigned", refused.Message, StringComparison.Ordinal);

        var trial = HostingOptionsReader.Read(Settings(("SocialCare:Webhooks:AllowUnsigned", "true")));
        Assert.Null(trial.Webhooks);
    }

    [Theory]
    [InlineData("ftp://0.0.0.0:21")]
    [InlineData("http://hooks.example.com:5080")]
    [InlineData("not a url")]
    public void A_bad_webhook_endpoint_stops_the_host_with_the_setting_named(string endpoint)
    {
        var refused = Assert.Throws<HostConfigurationException>(() => HostingOptionsReader.Read(Settings(("SocialCare:WebhookEndpoint", endpoint))));
        Assert.Contains("WebhookEndpoint", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_webhook_listener_is_read_beside_the_grpc_one()
    {
        var read = HostingOptionsReader.Read(Settings(("SocialCare:WebhookEndpoint", "http://0.0.0.0:5080")));
        Assert.Equal((5080, false), (read.Webhooks!.Value.EndPoint.Port, read.Webhooks.Value.Https));
    }

    [Fact]
    public void Each_network_reads_the_secrets_it_names_and_a_misspelt_or_missing_one_is_refused_by_name()
    {
        static (WebhookOptions Options, Microsoft.Extensions.Options.ValidateOptionsResult Verdict) Bound(params (string Key, string Value)[] values)
        {
            var options = new WebhookOptions();
            Settings(values).GetSection(WebhookOptions.Section).Bind(options);
            return (options, new WebhookOptionsValidator().Validate(null, options));
        }

        var (set, verdict) = Bound(
            ("SocialCare:Webhooks:Tenants:acme:XConsumerSecret", "x-secret"),
            ("SocialCare:Webhooks:Tenants:acme:MetaAppSecret", "meta-secret"),
            ("SocialCare:Webhooks:Tenants:acme:MetaVerifyToken", "verify-me"));
        Assert.True(verdict.Succeeded, verdict.FailureMessage);
        var secrets = set.Tenants["acme"];
        Assert.Equal("x-secret", secrets.Get(new Connectors.Webhooks.XWebhook().SigningSecretSetting));
        Assert.Equal("verify-me", secrets.Get(new Connectors.Webhooks.MetaWebhook().ChallengeSecretSetting));
        Assert.Equal("MetaAppSecret set, MetaVerifyToken set, XConsumerSecret set", secrets.ToString());

        var (_, misspelt) = Bound(("SocialCare:Webhooks:Tenants:acme:XConsumerSecrte", "x-secret"));
        Assert.True(misspelt.Failed);
        Assert.Contains("SocialCare:Webhooks:Tenants:acme:XConsumerSecrte is not a webhook secret", misspelt.FailureMessage, StringComparison.Ordinal);

        var (_, handshake) = Bound(("SocialCare:Webhooks:Tenants:acme:MetaAppSecret", "meta-secret"));
        Assert.True(handshake.Failed);
        Assert.Contains("SocialCare:Webhooks:Tenants:acme:MetaVerifyToken must be set with MetaAppSecret", handshake.FailureMessage, StringComparison.Ordinal);
    }
}
