using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace SocialCare.Host;

/// <summary>
/// The https:// endpoint's certificates, loaded and checked before anything starts, so a wrong
/// path or password stops the host with one line instead of failing the first connection.
/// </summary>
internal sealed class TlsEndpoint
{
    private readonly X509Certificate2 _certificate;
    private readonly ClientCertificatePolicy _clientCertificates;
    private readonly X509Certificate2Collection? _clientAuthorities;

    private TlsEndpoint(X509Certificate2 certificate, ClientCertificatePolicy clientCertificates, X509Certificate2Collection? clientAuthorities)
    {
        _certificate = certificate;
        _clientCertificates = clientCertificates;
        _clientAuthorities = clientAuthorities;
    }

    public string Subject => _certificate.Subject;

    public static TlsEndpoint Load(TlsOptions options)
    {
        const string Section = $"{HostingOptions.Section}:Tls";
        if (string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            throw new HostConfigurationException($"An https:// GrpcEndpoint needs {Section}:CertificatePath (a .pfx/.p12 file, or a PEM certificate with {Section}:KeyPath).");
        }

        if (!Enum.IsDefined(options.ClientCertificates))
        {
            throw new HostConfigurationException($"{Section}:ClientCertificates must be None, Allow or Require.");
        }

        var certificate = Read(Section, "CertificatePath", options.CertificatePath, () => LoadServerCertificate(options));
        if (!certificate.HasPrivateKey)
        {
            throw new HostConfigurationException($"{Section}:CertificatePath \"{options.CertificatePath}\" holds no private key; give the key with {Section}:KeyPath or use a .pfx that includes it.");
        }

        X509Certificate2Collection? authorities = null;
        if (!string.IsNullOrWhiteSpace(options.ClientCertificateAuthorityPath))
        {
            authorities = Read(Section, "ClientCertificateAuthorityPath", options.ClientCertificateAuthorityPath, () =>
            {
                var loaded = new X509Certificate2Collection();
                loaded.ImportFromPemFile(options.ClientCertificateAuthorityPath);
                return loaded.Count > 0 ? loaded : throw new CryptographicException("the file holds no PEM certificate");
            });
        }

        return new TlsEndpoint(certificate, options.ClientCertificates, authorities);
    }

    public void Apply(ListenOptions listen)
    {
        listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = _certificate,
            ClientCertificateMode = _clientCertificates switch
            {
                ClientCertificatePolicy.Require => ClientCertificateMode.RequireCertificate,
                ClientCertificatePolicy.Allow => ClientCertificateMode.AllowCertificate,
                _ => ClientCertificateMode.NoCertificate,
            },
            ClientCertificateValidation = _clientAuthorities is null ? null : ChainsToConfiguredAuthority,
        });
    }

    // Only the configured authorities are roots here, not the machine's store: a connector's
    // certificate proves it was issued for this deployment.
    private bool ChainsToConfiguredAuthority(X509Certificate2 certificate, X509Chain? _, System.Net.Security.SslPolicyErrors errors)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_clientAuthorities!);
        // Private authorities rarely publish revocation lists; revoke by reissuing the authority.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(certificate);
    }

    private static X509Certificate2 LoadServerCertificate(TlsOptions options)
    {
        var path = options.CertificatePath!;
        if (!string.IsNullOrWhiteSpace(options.KeyPath))
        {
            return string.IsNullOrEmpty(options.CertificatePassword)
                ? X509Certificate2.CreateFromPemFile(path, options.KeyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(path, options.CertificatePassword, options.KeyPath);
        }

        return X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword);
    }

    private static T Read<T>(string section, string setting, string path, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new HostConfigurationException($"{section}:{setting} \"{path}\" cannot be read: {ex.Message}", ex);
        }
    }
}
