using System.Net.Http;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using SocialCare.Contracts;
using SocialCare.Host;

namespace SocialCare.Api.Tests.Tls;

/// <summary>
/// The host on https:// with a certificate from a private authority, asking connectors for a
/// client certificate from the authority it was configured with.
/// </summary>
public sealed class TlsApiFixture : ApiFixture
{
    internal TestCertificates Certificates { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings(),
        new("SocialCare:GrpcEndpoint", "https://127.0.0.1:0"),
        new("SocialCare:Tls:CertificatePath", Certificates.ServerPfxPath),
        new("SocialCare:Tls:CertificatePassword", TestCertificates.ServerPassword),
        new("SocialCare:Tls:ClientCertificates", "Require"),
        new("SocialCare:Tls:ClientCertificateAuthorityPath", Certificates.AuthorityPemPath),
    ];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Certificates.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class TlsCollection : ICollectionFixture<TlsApiFixture>
{
    public const string Name = "tls";
}

[Collection(TlsCollection.Name)]
public sealed class TlsTests(TlsApiFixture api)
{
    /// <summary>A client that trusts the test authority's server certificate and shows <paramref name="clientCertificate"/>.</summary>
    private GrpcChannel Over(X509Certificate2? clientCertificate, CareCredential? credential = null)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && certificate.GetCertHashString() == api.Certificates.Server.GetCertHashString();
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        return credential is null
            ? GrpcChannel.ForAddress(api.Address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true })
            : credential.Channel(api.Address, handler);
    }

    private static async Task<StatusCode> HealthAsync(GrpcChannel channel)
    {
        try
        {
            var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(20));
            return health.Status == HealthCheckResponse.Types.ServingStatus.Serving ? StatusCode.OK : StatusCode.Unknown;
        }
        catch (RpcException refused)
        {
            return refused.StatusCode;
        }
    }

    [Fact]
    public async Task A_connector_with_a_certificate_from_the_configured_authority_is_served_over_tls()
    {
        Assert.StartsWith("https://", api.Address, StringComparison.Ordinal);
        using var channel = Over(api.Certificates.Connector, CareCredential.Bearer(api.DeskToken));
        Assert.Equal(StatusCode.OK, await HealthAsync(channel));
        var me = await new Wire.AuthService.AuthServiceClient(channel).WhoAmIAsync(new Wire.WhoAmIRequest());
        Assert.Equal(ApiFixture.Desk.AgentId, me.AgentId);
    }

    [Fact]
    public async Task No_client_certificate_or_one_from_another_authority_gets_no_connection()
    {
        // With TLS 1.3 the client considers the handshake done before the server has judged its
        // certificate, so the refusal reaches the first call either as a failed connection
        // (Unavailable) or as the connection torn down under the call (Internal), by timing.
        // Either way nothing is served.
        StatusCode[] refused = [StatusCode.Unavailable, StatusCode.Internal];
        using var without = Over(null);
        Assert.Contains(await HealthAsync(without), refused);
        using var stranger = Over(api.Certificates.StrangersConnector);
        Assert.Contains(await HealthAsync(stranger), refused);
    }

    [Fact]
    public async Task Cleartext_http2_to_the_tls_endpoint_gets_no_answer()
    {
        using var cleartext = GrpcChannel.ForAddress(api.Address.Replace("https://", "http://", StringComparison.Ordinal));
        Assert.NotEqual(StatusCode.OK, await HealthAsync(cleartext));
    }
}

/// <summary>What a wrong TLS setting does: stop the host with one line naming the setting, before anything starts.</summary>
public sealed class TlsSettingsTests
{
    private static HostConfigurationException Refused(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return Assert.Throws<HostConfigurationException>(() => HostingOptionsReader.Read(configuration));
    }

    [Fact]
    public void An_https_endpoint_without_a_certificate_names_the_setting()
    {
        var refused = Refused(("SocialCare:GrpcEndpoint", "https://127.0.0.1:5443"));
        Assert.Contains("SocialCare:Tls:CertificatePath", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_a_wrong_password_and_a_bad_authority_file_name_the_setting_and_the_path()
    {
        using var certificates = new TestCertificates();
        var missing = Refused(("SocialCare:GrpcEndpoint", "https://127.0.0.1:5443"), ("SocialCare:Tls:CertificatePath", "/nowhere/server.pfx"));
        Assert.Contains("SocialCare:Tls:CertificatePath \"/nowhere/server.pfx\" cannot be read", missing.Message, StringComparison.Ordinal);

        var password = Refused(("SocialCare:GrpcEndpoint", "https://127.0.0.1:5443"), ("SocialCare:Tls:CertificatePath", certificates.ServerPfxPath), ("SocialCare:Tls:CertificatePassword", "wrong"));
        Assert.Contains("SocialCare:Tls:CertificatePath", password.Message, StringComparison.Ordinal);

        var authority = Refused(
            ("SocialCare:GrpcEndpoint", "https://127.0.0.1:5443"),
            ("SocialCare:Tls:CertificatePath", certificates.ServerPemPath),
            ("SocialCare:Tls:KeyPath", certificates.ServerKeyPath),
            ("SocialCare:Tls:ClientCertificateAuthorityPath", certificates.ServerKeyPath));
        Assert.Contains("SocialCare:Tls:ClientCertificateAuthorityPath", authority.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pem_certificate_with_its_key_is_accepted()
    {
        using var certificates = new TestCertificates();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SocialCare:GrpcEndpoint"] = "https://127.0.0.1:5443",
            ["SocialCare:Tls:CertificatePath"] = certificates.ServerPemPath,
            ["SocialCare:Tls:KeyPath"] = certificates.ServerKeyPath,
        }).Build();
        var (_, endPoint, _, tls, _) = HostingOptionsReader.Read(configuration);
        Assert.Equal(5443, endPoint.Port);
        Assert.Equal("CN=127.0.0.1", tls!.Subject);
    }
}
