using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using SocialCare.Api;
using SocialCare.Grains.Hosting;
using SocialCare.Host.Health;
using SocialCare.Host.Profiles;
using SocialCare.Host.Seeding;

namespace SocialCare.Host;

/// <summary>The composition root: one process hosting a silo and the gRPC API.</summary>
public static class SocialCareHost
{
    /// <param name="configure">Runs before the settings are read: tests add configuration and services here.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var (hosting, grpcEndPoint) = HostingOptionsReader.Read(builder.Configuration);

        builder.Services.AddOptions<HostingOptions>().BindConfiguration(HostingOptions.Section);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(grpcEndPoint, listen => listen.Protocols = HttpProtocols.Http2));

        builder.UseOrleans(silo =>
        {
            silo.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("SocialCare"));
            switch (hosting.Storage)
            {
                case StorageProfile.InMemory:
                    InMemoryProfile.Configure(silo, hosting);
                    break;
                default:
                    throw new HostConfigurationException($"Storage profile {hosting.Storage} is not available.");
            }
        });
        builder.Services.AddSocialCareGrains();
        builder.Services.AddSocialCareApi();
        builder.Services.AddHealthChecks().AddCheck<SiloHealthCheck>("silo");
        // Registered after the silo, so they start once it runs.
        builder.Services.AddHostedService<DemoTenantSeeder>();
        builder.Services.AddHostedService<StartupAnnouncer>();

        var app = builder.Build();
        app.MapSocialCareApi();
        return app;
    }

    /// <summary>Runs until Ctrl-C or SIGTERM; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            await using var app = Build(args);
            await app.RunAsync();
            return 0;
        }
        catch (HostConfigurationException ex)
        {
            await Console.Error.WriteLineAsync($"socialcare: {ex.Message}");
            return 2;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"socialcare: invalid settings: {string.Join(" ", ex.Failures)}");
            return 2;
        }
    }
}
