using Orleans.Configuration;
using Orleans.Storage;
using SocialCare.Grains.Hosting;

namespace SocialCare.Host.Profiles;

/// <summary>One silo with localhost clustering and in-memory grain storage.</summary>
internal static class InMemoryProfile
{
    public static void Configure(ISiloBuilder silo, HostingOptions options)
    {
        silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, null, options.ServiceId, options.ClusterId);
        silo.AddMemoryGrainStorage(CareStorage.Name);
        // Memory storage copies state through its serializer on every write; Orleans' binary
        // serializer instead of the JSON default made in-memory ingest markedly cheaper (see the
        // load-testing issue's profile).
        silo.Services.AddOptions<MemoryGrainStorageOptions>(CareStorage.Name)
            .Configure<IServiceProvider>((o, services) => o.GrainStorageSerializer = ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(services));
    }
}
