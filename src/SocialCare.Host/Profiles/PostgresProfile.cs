using System.Net;
using Orleans.Configuration;
using SocialCare.Storage.Postgres;

namespace SocialCare.Host.Profiles;

/// <summary>
/// A cluster of silos sharing one PostgreSQL database: this silo's identity and endpoints here,
/// everything stored in <see cref="PostgresStorage"/>.
/// </summary>
internal static class PostgresProfile
{
    public static void Configure(ISiloBuilder silo, HostingOptions options, string connectionString)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });
        silo.ConfigureEndpoints(IPAddress.Parse(options.SiloAddress), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
        silo.Services.AddOptions<ClusterMembershipOptions>().BindConfiguration(HostingOptions.MembershipSection);
        silo.UseSocialCarePostgres(connectionString);
    }
}
