using System.Net;
using Microsoft.Extensions.Configuration;

namespace SocialCare.Host;

/// <summary>
/// Reads and checks the host settings before anything starts: ports and the profile shape the
/// silo and Kestrel themselves, so they cannot wait for the options system's start-up check.
/// </summary>
internal static class HostingOptionsReader
{
    /// <summary>The operations listener (probes, metrics), if one is configured.</summary>
    public static IPEndPoint? OperationsEndPoint(HostingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.OperationsEndpoint))
        {
            return null;
        }

        if (!Uri.TryCreate(options.OperationsEndpoint, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new HostConfigurationException($"{HostingOptions.Section}:OperationsEndpoint \"{options.OperationsEndpoint}\" must be an http:// URL such as http://0.0.0.0:9464 (probes and scrapers speak plain HTTP/1.1).");
        }

        return new IPEndPoint(Address("OperationsEndpoint", uri), uri.Port);
    }

    public static (HostingOptions Options, IPEndPoint GrpcEndPoint, string? ConnectionString, TlsEndpoint? Tls, (IPEndPoint EndPoint, bool Https)? Webhooks) Read(IConfiguration configuration)
    {
        HostingOptions options;
        try
        {
            options = configuration.GetSection(HostingOptions.Section).Get<HostingOptions>() ?? new HostingOptions();
        }
        catch (InvalidOperationException ex)
        {
            throw new HostConfigurationException($"The \"{HostingOptions.Section}\" settings cannot be read: {ex.Message}", ex);
        }

        if (!Enum.IsDefined(options.Storage))
        {
            throw new HostConfigurationException($"{HostingOptions.Section}:Storage must be InMemory or Postgres.");
        }

        string? connectionString = null;
        if (options.Storage == StorageProfile.Postgres)
        {
            connectionString = configuration.GetConnectionString(HostingOptions.ConnectionStringName);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new HostConfigurationException(
                    $"{HostingOptions.Section}:Storage=Postgres needs ConnectionStrings:{HostingOptions.ConnectionStringName} (environment: ConnectionStrings__{HostingOptions.ConnectionStringName}); deploy/local/postgres.sh prints one.");
            }

            try
            {
                _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            }
            catch (ArgumentException ex)
            {
                throw new HostConfigurationException($"ConnectionStrings:{HostingOptions.ConnectionStringName} is not a valid PostgreSQL connection string: {ex.Message}", ex);
            }
        }

        if (!Uri.TryCreate(options.GrpcEndpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new HostConfigurationException($"{HostingOptions.Section}:GrpcEndpoint \"{options.GrpcEndpoint}\" must be an http:// URL such as http://127.0.0.1:5000 (gRPC over cleartext HTTP/2) or an https:// one with {HostingOptions.Section}:Tls:CertificatePath.");
        }

        var tls = uri.Scheme == Uri.UriSchemeHttps ? TlsEndpoint.Load(options.Tls) : null;

        var address = Address("GrpcEndpoint", uri);
        (IPEndPoint, bool)? webhooks = null;
        if (!string.IsNullOrWhiteSpace(options.WebhookEndpoint))
        {
            if (!Uri.TryCreate(options.WebhookEndpoint, UriKind.Absolute, out var hooks) || (hooks.Scheme != Uri.UriSchemeHttp && hooks.Scheme != Uri.UriSchemeHttps))
            {
                throw new HostConfigurationException($"{HostingOptions.Section}:WebhookEndpoint \"{options.WebhookEndpoint}\" must be an http:// or https:// URL such as http://0.0.0.0:5080.");
            }

            if (hooks.Scheme == Uri.UriSchemeHttps && tls is null)
            {
                tls = TlsEndpoint.Load(options.Tls);
            }

            webhooks = (new IPEndPoint(Address("WebhookEndpoint", hooks), hooks.Port), hooks.Scheme == Uri.UriSchemeHttps);
        }

        if (options.Storage == StorageProfile.Postgres && configuration.GetValue<bool>("SocialCare:Webhooks:AllowUnsigned"))
        {
            throw new HostConfigurationException("SocialCare:Webhooks:AllowUnsigned is for local trials on the in-memory profile; with Storage=Postgres every webhook must be signed.");
        }

        if (!IPAddress.TryParse(options.SiloAddress, out _))
        {
            throw new HostConfigurationException($"{HostingOptions.Section}:SiloAddress \"{options.SiloAddress}\" must be an IP address.");
        }

        CheckPort("SiloPort", options.SiloPort);
        CheckPort("GatewayPort", options.GatewayPort);
        if (string.IsNullOrWhiteSpace(options.ClusterId) || string.IsNullOrWhiteSpace(options.ServiceId))
        {
            throw new HostConfigurationException($"{HostingOptions.Section}:ClusterId and ServiceId must not be empty.");
        }

        // Checked here with the other listeners, so a bad one fails before anything starts.
        _ = OperationsEndPoint(options);
        return (options, new IPEndPoint(address, uri.Port), connectionString, tls, webhooks);
    }

    private static IPAddress Address(string setting, Uri uri) =>
        uri.Host == "localhost" ? IPAddress.Loopback
        : IPAddress.TryParse(uri.Host, out var ip) ? ip
        : throw new HostConfigurationException($"{HostingOptions.Section}:{setting} host \"{uri.Host}\" must be an IP address or localhost.");

    private static void CheckPort(string name, int port)
    {
        if (port is < 1 or > 65535)
        {
            throw new HostConfigurationException($"{HostingOptions.Section}:{name} must be a port number 1..65535 (is {port}).");
        }
    }
}
