using SocialCare.Grains.Hosting;

namespace SocialCare.Host.Profiles;

/// <summary>One silo with localhost clustering, in-memory grain storage and reminders.</summary>
internal static class InMemoryProfile
{
    public static void Configure(ISiloBuilder silo, HostingOptions options)
    {
        silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, null, options.ServiceId, options.ClusterId);
        silo.AddMemoryGrainStorage(CareStorage.Name);
        silo.UseInMemoryReminderService();
    }
}
