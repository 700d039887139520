using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SocialCare.Api.Common;

namespace SocialCare.Host.Operations;

/// <summary>
/// What operations tools reach, on a listener of its own (SocialCare:OperationsEndpoint, plain
/// HTTP/1.1 as probes and scrapers speak it): /healthz/live and /healthz/ready for probes and load
/// balancers, /metrics for Prometheus. Kept off the gRPC port, so exposing the API does not expose these, and the other
/// way round; requests on it never reach the API's pipeline.
/// </summary>
internal static class OperationsEndpoints
{
    /// <summary>Health check tags: which checks each probe runs.</summary>
    public const string LiveTag = "live";

    public const string ReadyTag = "ready";

    public const string LivePath = "/healthz/live";

    public const string ReadyPath = "/healthz/ready";

    public static ListenerMark Listener { get; } = new("socialcare.operations");

    public static void Map(WebApplication app)
    {
        app.MapWhen(Listener.Came, operations =>
        {
            operations.UseRouting();
            operations.UseEndpoints(endpoints =>
            {
                endpoints.MapHealthChecks(LivePath, Probe(LiveTag));
                endpoints.MapHealthChecks(ReadyPath, Probe(ReadyTag));
                if (endpoints.ServiceProvider.GetService<OpenTelemetry.Metrics.MeterProvider>() is not null)
                {
                    endpoints.MapPrometheusScrapingEndpoint(Telemetry.MetricsPath);
                }
            });
        });
    }

    private static HealthCheckOptions Probe(string tag) => new()
    {
        Predicate = check => check.Tags.Contains(tag),
        ResponseWriter = WriteAsync,
    };

    /// <summary>The verdict and each check's, so whoever reads a failed probe sees which part failed.</summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}
