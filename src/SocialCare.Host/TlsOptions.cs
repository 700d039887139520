namespace SocialCare.Host;

/// <summary>
/// HTTPS for the gRPC endpoint (section <c>SocialCare:Tls</c>), used when
/// <see cref="HostingOptions.GrpcEndpoint"/> is an https:// URL.
/// </summary>
public sealed class TlsOptions
{
    /// <summary>The server certificate: a PKCS#12 file (.pfx/.p12) or a PEM certificate (with <see cref="KeyPath"/>).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of a PEM <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The PKCS#12 file's password, or the PEM key's if it is encrypted.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Whether callers show a certificate of their own (connectors on a private network, say).</summary>
    public ClientCertificatePolicy ClientCertificates { get; set; } = ClientCertificatePolicy.None;

    /// <summary>
    /// PEM file of the certificate authorities client certificates must chain to. Without it, the
    /// machine's trust store decides, which would let any publicly trusted certificate in.
    /// </summary>
    public string? ClientCertificateAuthorityPath { get; set; }
}

public enum ClientCertificatePolicy
{
    /// <summary>No client certificate is asked for.</summary>
    None,

    /// <summary>Asked for; a caller without one is still served, one with a bad one is refused.</summary>
    Allow,

    /// <summary>No connection without a valid client certificate.</summary>
    Require,
}
