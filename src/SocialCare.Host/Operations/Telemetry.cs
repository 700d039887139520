using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SocialCare.Grains.Hosting;

namespace SocialCare.Host.Operations;

/// <summary>Bound from "SocialCare:Telemetry".</summary>
public sealed class TelemetryOptions
{
    public const string Section = "SocialCare:Telemetry";

    /// <summary>
    /// Record traces (gRPC calls, grain calls, PostgreSQL commands). On by itself when an OTLP
    /// endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT); off otherwise, since spans nobody
    /// exports are work on every mention for nothing.
    /// </summary>
    public bool? Tracing { get; set; }

    /// <summary>Collect metrics. On by itself with an operations endpoint (Prometheus scrapes /metrics there) or an OTLP endpoint.</summary>
    public bool? Metrics { get; set; }
}

/// <summary>
/// OpenTelemetry for the silo: metrics from ASP.NET Core, Kestrel, the .NET runtime, Orleans,
/// Npgsql and SocialCare's own meter; traces across the gRPC call, the grain calls it makes
/// (Orleans propagates the context between silos) and the PostgreSQL commands they run. Exported
/// over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (with the standard OTEL_* variables for the
/// rest), and scrapeable in the Prometheus text format at /metrics on the operations endpoint.
/// </summary>
internal static class Telemetry
{
    /// <summary>Orleans' meter (activations, messaging, grain calls, catalog).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    public const string MetricsPath = "/metrics";

    /// <returns>Whether traces are recorded (the silo then propagates them through grain calls).</returns>
    public static (bool Tracing, bool Metrics) Add(WebApplicationBuilder builder, HostingOptions hosting, bool operationsEndpoint)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var tracing = options.Tracing ?? otlp;
        var metrics = options.Metrics ?? (otlp || operationsEndpoint);
        if (!tracing && !metrics)
        {
            return (false, false);
        }

        var version = typeof(Telemetry).Assembly.GetName().Version?.ToString() ?? "0.0.0";
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService("socialcare", serviceVersion: version, serviceInstanceId: $"{hosting.SiloAddress}:{hosting.SiloPort}")
                .AddAttributes([new("socialcare.cluster", hosting.ClusterId), new("socialcare.storage", hosting.Storage.ToString())]));
        if (metrics)
        {
            telemetry.WithMetrics(meters =>
            {
                meters.AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddMeter(OrleansMeter, CareMetrics.MeterName);
                if (operationsEndpoint)
                {
                    meters.AddPrometheusExporter();
                }
            });
        }

        if (tracing)
        {
            telemetry.WithTracing(traces => traces
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !OperationsEndpoints.Listener.Came(context))
                .AddSource(Orleans.Diagnostics.ActivitySources.ApplicationGrainActivitySourceName, Orleans.Diagnostics.ActivitySources.RuntimeActivitySourceName)
                .AddNpgsql());
        }

        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }

        return (tracing, metrics);
    }
}
