using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocialCare.Api.Access;
using SocialCare.Api.Audit;
using SocialCare.Api.Common;
using SocialCare.Api.Conversations;
using SocialCare.Api.Customers;
using SocialCare.Api.Deliveries;
using SocialCare.Api.Diagnostics;
using SocialCare.Api.Guardrails;
using SocialCare.Api.Ingest;
using SocialCare.Api.Limits;
using SocialCare.Api.Queues;
using SocialCare.Api.Tenants;
using SocialCare.Api.Webhooks;
using SocialCare.Grains.Abstractions.Hosting;

namespace SocialCare.Api;

public static class CareApiExtensions
{
    /// <summary>Largest request accepted: a mention at the text limit fits with room to spare.</summary>
    public const int MaxRequestBytes = 256 * 1024;

    /// <summary>Largest admin request: a training export of 100,000 tweets with room to spare.</summary>
    public const int MaxTrainingExportBytes = 32 * 1024 * 1024;

    public static IServiceCollection AddSocialCareApi(this IServiceCollection services)
    {
        services.AddGrpc(options =>
        {
            options.Interceptors.Add<CareErrorInterceptor>();
            // Inside the gate (which the error interceptor runs first), so the caller is known.
            options.Interceptors.Add<RemoteRedaction>();
            options.MaxReceiveMessageSize = MaxRequestBytes;
        })
            // A brand's labeled export for training travels in one admin request; only the admin
            // service reads requests that large.
            .AddServiceOptions<Tenants.AdminGrpcService>(options => options.MaxReceiveMessageSize = MaxTrainingExportBytes);
        // grpc-dotnet logs every request it cannot read (malformed protobuf, bad framing) as an
        // error with a stack trace, before any of our code runs. Those are the client's errors,
        // answered INVALID_ARGUMENT (see UnreadableRequests), and a hostile client could fill the
        // log with them. Handler failures are still logged, by CareErrorInterceptor.
        services.AddLogging(logging => logging.AddFilter("Grpc.AspNetCore.Server.ServerCallHandler", LogLevel.Critical));
        services.AddSocialCareAccess();
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>());
        // Limits count care time: the keyed care clock where the grains registered one.
        services.TryAddSingleton(sp => new CareRateLimiter(
            sp.GetRequiredService<IOptions<RateLimitOptions>>(),
            sp.GetKeyedService<TimeProvider>(CareClock.Key) ?? sp.GetRequiredService<TimeProvider>()));
        services.AddOptions<DeliveryStreamOptions>().BindConfiguration(DeliveryStreamOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DeliveryStreamOptions>, DeliveryStreamOptionsValidator>());
        services.TryAddSingleton(sp => new DeliveryStreams(sp.GetKeyedService<TimeProvider>(CareClock.Key) ?? sp.GetRequiredService<TimeProvider>()));
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>());
        services.TryAddSingleton<WebhookIntake>();
        services.TryAddSingleton(sp => new CallerAudit(
            sp.GetRequiredService<Orleans.IGrainFactory>(),
            sp.GetKeyedService<TimeProvider>(CareClock.Key) ?? sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<CallerAudit>>()));
        return services;
    }

    public static IEndpointRouteBuilder MapSocialCareApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<IngestGrpcService>();
        endpoints.MapGrpcService<QueueGrpcService>();
        endpoints.MapGrpcService<ConversationGrpcService>();
        endpoints.MapGrpcService<AdminGrpcService>();
        endpoints.MapGrpcService<CustomerGrpcService>();
        endpoints.MapGrpcService<DiagnosticsGrpcService>();
        endpoints.MapGrpcService<AuthGrpcService>();
        endpoints.MapGrpcService<AuditGrpcService>();
        endpoints.MapGrpcService<DeliveryGrpcService>();
        endpoints.MapGrpcService<SavedReplies.SavedReplyGrpcService>();
        endpoints.MapGrpcService<Policies.CarePolicyGrpcService>();
        endpoints.MapGrpcService<Knowledge.KnowledgeGrpcService>();
        endpoints.MapGrpcHealthChecksService();
        endpoints.MapGrpcReflectionService();
        return endpoints;
    }
}
