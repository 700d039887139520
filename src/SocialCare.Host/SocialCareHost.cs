using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using SocialCare.Api;
using SocialCare.Api.Access;
using SocialCare.Api.Common;
using SocialCare.Api.Webhooks;
using SocialCare.Grains.Hosting;
using SocialCare.Host.Health;
using SocialCare.Host.Operations;
using SocialCare.Host.Profiles;
using SocialCare.Host.Seeding;
using SocialCare.Storage.Postgres;
using SocialCare.Storage.Postgres.Migrations;

namespace SocialCare.Host;

/// <summary>The composition root: one process hosting a silo and the gRPC API.</summary>
public static class SocialCareHost
{
    /// <param name="configure">Runs before the settings are read: tests add configuration and services here.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var (hosting, grpcEndPoint, connectionString, tls, webhooks) = HostingOptionsReader.Read(builder.Configuration);
        AccessDefaults.Apply(builder.Configuration, hosting);
        MemoryLimit.Apply(builder.Configuration);

        builder.Services.AddOptions<HostingOptions>().BindConfiguration(HostingOptions.Section);
        var shutdown = builder.Configuration.GetSection(ShutdownOptions.Section).Get<ShutdownOptions>() ?? new ShutdownOptions();
        if (shutdown.DrainDelay < TimeSpan.Zero || shutdown.Timeout <= shutdown.DrainDelay)
        {
            throw new HostConfigurationException($"{ShutdownOptions.Section}: DrainDelay ({shutdown.DrainDelay}) must be zero or more and less than Timeout ({shutdown.Timeout}).");
        }

        builder.Services.AddOptions<ShutdownOptions>().BindConfiguration(ShutdownOptions.Section);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdown.Timeout);
        var operations = HostingOptionsReader.OperationsEndPoint(hosting);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(grpcEndPoint, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                tls?.Apply(listen);
            });
            if (webhooks is var (webhookEndPoint, https))
            {
                kestrel.Listen(webhookEndPoint, listen =>
                {
                    // The networks post with HTTP/1.1; over TLS, ALPN may pick HTTP/2 as well.
                    listen.Protocols = https ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;
                    if (https)
                    {
                        tls!.Apply(listen);
                    }

                    WebhookListener.Mark(listen);
                });
            }

            if (operations is not null)
            {
                kestrel.Listen(operations, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1;
                    OperationsEndpoints.Listener.Mark(listen);
                });
            }
        });

        var (tracing, _) = Telemetry.Add(builder, hosting, operations is not null);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("SocialCare"));
            if (tracing)
            {
                // A grain call carries the caller's trace context, so one trace spans the gRPC
                // call and every grain it reaches, on whichever silo.
                silo.AddActivityPropagation();
            }

            switch (hosting.Storage)
            {
                case StorageProfile.InMemory:
                    InMemoryProfile.Configure(silo, hosting);
                    break;
                case StorageProfile.Postgres:
                    PostgresProfile.Configure(silo, hosting, connectionString!);
                    break;
                default:
                    throw new HostConfigurationException($"Storage profile {hosting.Storage} is not available.");
            }

            if (hosting.Storage == StorageProfile.Postgres && RunsInKubernetes())
            {
                // Silo name = pod name, advertised address = pod IP, and silos whose pods are gone
                // are declared dead at once instead of after failed probes. Membership itself stays
                // in PostgreSQL. Needs POD_NAME, POD_NAMESPACE, POD_IP, ORLEANS_SERVICE_ID and
                // ORLEANS_CLUSTER_ID (deploy/kubernetes sets them) and the Role there.
                silo.UseKubernetesHosting();
            }
        });
        builder.Services.AddDataProtection();
        builder.Services.Configure<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>(o => o.XmlRepository = new ProcessKeyRing());
        // It warns at every start that the (in-memory) keys are not encrypted at rest: there is no rest.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        // After UseOrleans, so it replaces the membership clock Orleans registered (see MembershipClock).
        builder.Services.AddKeyedSingleton<TimeProvider>(Orleans.Runtime.TimeProviderNames.Membership, new MembershipClock());
        builder.Services.AddSocialCareGrains();
        builder.Services.AddSocialCareApi();
        builder.Services.AddSingleton<ShutdownDrain>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ShutdownDrain>());
        var health = builder.Services.AddHealthChecks()
            .AddCheck<LivenessHealthCheck>("process", tags: [OperationsEndpoints.LiveTag])
            .AddCheck<SiloHealthCheck>("silo", tags: [OperationsEndpoints.ReadyTag])
            .AddCheck<ShutdownDrain>("shutdown", tags: [OperationsEndpoints.ReadyTag])
            .AddCheck<MemoryHealthCheck>("memory", tags: [OperationsEndpoints.ReadyTag]);
        if (hosting.Storage == StorageProfile.Postgres)
        {
            health.AddCheck<DatabaseHealthCheck>("database", tags: [OperationsEndpoints.ReadyTag]);
        }

        // gRPC health: "" and "readiness" answer whether to send this silo calls, "liveness"
        // whether the process should be restarted (Kubernetes' gRPC probes name them).
        builder.Services.Configure<Grpc.AspNetCore.HealthChecks.GrpcHealthChecksOptions>(o =>
        {
            o.Services.Clear();
            o.Services.Map(string.Empty, check => check.Tags.Contains(OperationsEndpoints.ReadyTag));
            o.Services.Map("readiness", check => check.Tags.Contains(OperationsEndpoints.ReadyTag));
            o.Services.Map("liveness", check => check.Tags.Contains(OperationsEndpoints.LiveTag));
        });
        // Registered after the silo, so they start once it runs.
        builder.Services.AddHostedService<DemoTenantSeeder>();
        builder.Services.AddHostedService<StartupAnnouncer>();

        var app = builder.Build();
        // First: requests on the operations listener are answered there and go no further.
        OperationsEndpoints.Map(app);
        app.UseSocialCareRequestErrors();
        app.UseSocialCareAccess();
        app.UseSocialCareRequestLimits();
        app.MapSocialCareApi();
        app.MapSocialCareWebhooks();
        return app;
    }

    /// <summary>In a Kubernetes pod whose manifest passed the pod's identity down (see deploy/kubernetes).</summary>
    private static bool RunsInKubernetes() =>
        !string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"))
        && !string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("POD_NAME"))
        && !string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("POD_NAMESPACE"));

    /// <summary>
    /// Runs until Ctrl-C or SIGTERM; or with "migrate" applies the schema, with "token" signs an
    /// operator's token, with "probe" asks a running host's health, and exits. Returns the process
    /// exit code.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            if (args.Length > 0 && args[0] == "migrate")
            {
                return await MigrateAsync(args[1..]);
            }

            if (args.Length > 0 && args[0] == "token")
            {
                return TokenCommand.Run(StartupConfiguration([]), args[1..]);
            }

            if (args.Length > 0 && args[0] == "probe")
            {
                return await ProbeCommand.RunAsync(StartupConfiguration([.. args.Skip(2)]), args[1..]);
            }

            var startup = StartupConfiguration(args);
            ListeningPorts.RequireFree(startup);
            await PrepareDatabaseAsync(startup);
            await using var app = Build(args);
            await app.RunAsync();
            return 0;
        }
        catch (ListeningPorts.InUseException ex)
        {
            await Console.Error.WriteLineAsync($"socialcare: {ex.Message}");
            return 4;
        }
        catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            // Taken between the check and the start.
            await Console.Error.WriteLineAsync($"socialcare: {ListeningPorts.InUse("GrpcEndpoint", ex.Message).Message}");
            return 4;
        }
        catch (HostConfigurationException ex)
        {
            await Console.Error.WriteLineAsync($"socialcare: {ex.Message}");
            return 2;
        }
        catch (DatabaseUnavailableException ex)
        {
            await Console.Error.WriteLineAsync($"socialcare: {ex.Message}");
            return 3;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"socialcare: invalid settings: {string.Join(" ", ex.Failures)}");
            return 2;
        }
    }

    private static async Task<int> MigrateAsync(string[] args)
    {
        var configuration = StartupConfiguration(args);
        var connectionString = configuration.GetConnectionString(HostingOptions.ConnectionStringName)
            ?? throw new HostConfigurationException($"migrate needs ConnectionStrings:{HostingOptions.ConnectionStringName} (environment: ConnectionStrings__{HostingOptions.ConnectionStringName}).");
        var applied = await PostgresDatabase.MigrateAsync(connectionString);
        Console.WriteLine(applied.Count == 0
            ? $"The schema is up to date (version {SchemaMigrator.LatestVersion})."
            : $"Applied {string.Join(", ", applied.Select(s => s.Name))}; the schema is at version {SchemaMigrator.LatestVersion}.");
        return 0;
    }

    /// <summary>With the PostgreSQL profile: fail fast with one line if the database is unreachable, and migrate if asked.</summary>
    private static async Task PrepareDatabaseAsync(IConfiguration configuration)
    {
        var (hosting, _, connectionString, _, _) = HostingOptionsReader.Read(configuration);
        if (hosting.Storage != StorageProfile.Postgres)
        {
            return;
        }

        if (hosting.MigrateOnStart)
        {
            await PostgresDatabase.MigrateAsync(connectionString!);
        }
        else
        {
            // Without migrating, a newer build must not run on an older schema: its statements
            // would fail on the first mention instead of here, in one line, before it serves.
            var version = await PostgresDatabase.SchemaVersionAsync(connectionString!);
            if (version < SchemaMigrator.LatestVersion)
            {
                throw new HostConfigurationException(
                    $"the database schema is at version {version} and this build needs {SchemaMigrator.LatestVersion}: run `SocialCare.Host migrate` first (the Kubernetes manifests' migration Job does), or set {HostingOptions.Section}:MigrateOnStart=true.");
            }
        }
    }

    /// <summary>
    /// The settings that decide what happens before the web host exists (migrate, database checks),
    /// read from the same sources the host reads: appsettings.json, environment, command line.
    /// </summary>
    private static IConfiguration StartupConfiguration(string[] args) =>
        new ConfigurationBuilder().AddJsonFile("appsettings.json", optional: true).AddEnvironmentVariables().AddCommandLine(args).Build();
}
