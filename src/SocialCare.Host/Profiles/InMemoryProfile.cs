using SocialCare.Grains.Hosting;

namespace SocialCare.Host.Profiles;

/// <summary>One silo with localhost clustering and its grain state in its own memory.</summary>
internal static class InMemoryProfile
{
    public static void Configure(ISiloBuilder silo, HostingOptions options)
    {
        silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, null, options.ServiceId, options.ClusterId);
        silo.AddCareInMemoryStorage();
    }
}
