using System.Diagnostics;
using SocialCare.LoadTests.Metrics;

namespace SocialCare.LoadTests.Bench;

/// <summary>
/// What one call cost over a measured pass: the host's heap allocations and CPU (from its
/// /metrics: the runtime's own counters) and the load tool's CPU, each divided by the calls
/// answered. On a machine the client and the host share, a ratio to a ceiling only means what it
/// says when the client costs less than the host; this shows whether it does.
/// </summary>
internal sealed record CallCost(double HostBytesPerCall, double HostCpuMicrosecondsPerCall, double ClientCpuMicrosecondsPerCall);

/// <summary>Readings of the host's and this process's counters at the start and the end of a pass.</summary>
internal sealed class CallCostMeter(Uri hostMetrics) : IDisposable
{
    private const string Allocated = "dotnet_gc_heap_total_allocated_bytes_total";
    private const string Cpu = "dotnet_process_cpu_time_seconds_total";

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>A reading of both processes' counters now; null when the host's /metrics does not answer.</summary>
    public async Task<Reading?> ReadAsync(CancellationToken cancellation)
    {
        var client = Process.GetCurrentProcess().TotalProcessorTime;
        try
        {
            var scraped = PrometheusText.Parse(await _http.GetStringAsync(hostMetrics, cancellation).ConfigureAwait(false));
            return new Reading(scraped.Sum(Allocated), scraped.Sum(Cpu), client.TotalSeconds);
        }
        catch (Exception failed) when (failed is HttpRequestException or TaskCanceledException && !cancellation.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The cost per call between two readings; null when either is missing or nothing was answered.</summary>
    public static CallCost? Between(Reading? first, Reading? last, long calls) =>
        first is null || last is null || calls <= 0
            ? null
            : new CallCost(
                (last.HostAllocatedBytes - first.HostAllocatedBytes) / calls,
                (last.HostCpuSeconds - first.HostCpuSeconds) * 1e6 / calls,
                (last.ClientCpuSeconds - first.ClientCpuSeconds) * 1e6 / calls);

    public void Dispose() => _http.Dispose();

    internal sealed record Reading(double HostAllocatedBytes, double HostCpuSeconds, double ClientCpuSeconds);
}
