using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SocialCare.Api.Tests.Tls;

/// <summary>A private authority, a server certificate for 127.0.0.1 and client certificates, made for one test run.</summary>
internal sealed class TestCertificates : IDisposable
{
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    public TestCertificates()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("socialcare-tls-").FullName;
        Authority = MakeAuthority("CN=SocialCare test connectors CA");
        Stranger = MakeAuthority("CN=Someone else's CA");
        Server = Issue(Authority, "CN=127.0.0.1", ServerAuthentication, server: true);
        Connector = Issue(Authority, "CN=x-connector", ClientAuthentication, server: false);
        StrangersConnector = Issue(Stranger, "CN=intruder", ClientAuthentication, server: false);

        ServerPfxPath = Path.Combine(Directory, "server.pfx");
        File.WriteAllBytes(ServerPfxPath, Server.Export(X509ContentType.Pkcs12, ServerPassword));
        ServerPemPath = Path.Combine(Directory, "server.pem");
        File.WriteAllText(ServerPemPath, Server.ExportCertificatePem());
        ServerKeyPath = Path.Combine(Directory, "server.key");
        using (var key = Server.GetRSAPrivateKey()!)
        {
            File.WriteAllText(ServerKeyPath, key.ExportPkcs8PrivateKeyPem());
        }

        AuthorityPemPath = Path.Combine(Directory, "connectors-ca.pem");
        File.WriteAllText(AuthorityPemPath, Authority.ExportCertificatePem());
    }

    public const string ServerPassword = "test-only";

    public string Directory { get; }

    public X509Certificate2 Authority { get; }

    public X509Certificate2 Stranger { get; }

    public X509Certificate2 Server { get; }

    public X509Certificate2 Connector { get; }

    public X509Certificate2 StrangersConnector { get; }

    public string ServerPfxPath { get; }

    public string ServerPemPath { get; }

    public string ServerKeyPath { get; }

    public string AuthorityPemPath { get; }

    public void Dispose()
    {
        foreach (var certificate in new[] { Authority, Stranger, Server, Connector, StrangersConnector })
        {
            certificate.Dispose();
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static X509Certificate2 MakeAuthority(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static X509Certificate2 Issue(X509Certificate2 authority, string subject, string usage, bool server)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }

        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(key);
        // Through PKCS#12 so the key is a persisted one, as TLS stacks expect of a loaded certificate.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
    }
}
