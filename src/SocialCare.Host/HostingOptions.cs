namespace SocialCare.Host;

/// <summary>The host's settings, bound from "SocialCare" (environment: SocialCare__Storage, ...).</summary>
public sealed class HostingOptions
{
    public const string Section = "SocialCare";

    public StorageProfile Storage { get; set; } = StorageProfile.InMemory;

    /// <summary>
    /// Where the gRPC API listens: http:// for cleartext HTTP/2 (h2c, behind a proxy that ends
    /// TLS, or on one machine), https:// for HTTP/2 over TLS with <see cref="Tls"/>'s certificate.
    /// Port 0 picks a free port.
    /// </summary>
    public string GrpcEndpoint { get; set; } = "http://127.0.0.1:5000";

    /// <summary>
    /// Where the networks' webhooks are served (HTTP/1.1; https:// with <see cref="Tls"/>'s
    /// certificate), e.g. http://0.0.0.0:5080 behind the proxy the networks reach. Empty (the
    /// default) serves none. See SocialCare:Webhooks for each tenant's secrets.
    /// </summary>
    public string? WebhookEndpoint { get; set; }

    /// <summary>
    /// Where probes and scrapers reach the silo: plain HTTP/1.1 with /healthz/live and
    /// /healthz/ready, e.g. http://0.0.0.0:9464. Empty (the default) serves none; gRPC health
    /// (services "", "liveness" and "readiness") is on the gRPC endpoint either way.
    /// </summary>
    public string? OperationsEndpoint { get; set; }

    /// <summary>The certificate and client-certificate policy of an https:// endpoint.</summary>
    public TlsOptions Tls { get; set; } = new();

    /// <summary>
    /// The address other silos and clients reach this silo at (PostgreSQL profile). The loopback
    /// default suits several silos on one machine; on several machines, give each its own address.
    /// </summary>
    public string SiloAddress { get; set; } = "127.0.0.1";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    public string ClusterId { get; set; } = "socialcare";

    public string ServiceId { get; set; } = "socialcare";

    /// <summary>Create a "demo" tenant with default settings at start, so a first user can ingest at once.</summary>
    public bool SeedDemoTenant { get; set; } = true;

    /// <summary>With the PostgreSQL profile: apply pending schema migrations before the silo starts.</summary>
    public bool MigrateOnStart { get; set; } = true;

    public const string DemoTenantId = "demo";

    /// <summary>
    /// Orleans cluster membership settings (ClusterMembershipOptions: ProbeTimeout,
    /// NumMissedProbesLimit, NumVotesForDeathDeclaration, IAmAliveTablePublishTimeout,
    /// TableRefreshTimeout...), bound as they are named, e.g. SocialCare__Membership__ProbeTimeout=00:00:02.
    /// They decide how soon a killed silo is declared dead and its conversations move.
    /// </summary>
    public const string MembershipSection = "SocialCare:Membership";

    /// <summary>The connection string name, read from "ConnectionStrings:SocialCare" (ConnectionStrings__SocialCare).</summary>
    public const string ConnectionStringName = "SocialCare";
}
