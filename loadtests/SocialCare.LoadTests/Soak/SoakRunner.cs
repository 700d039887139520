using System.Diagnostics;
using Grpc.Core;
using HdrHistogram;
using SocialCare.LoadTests.Metrics;
using SocialCare.LoadTests.Care;

namespace SocialCare.LoadTests.Soak;

/// <summary>One stretch of a soak: mentions from <paramref name="Authors"/> customers (0 = a new customer each, so every mention opens a conversation).</summary>
internal sealed record SoakPhase(string Name, int Authors, TimeSpan Duration);

/// <summary>The silo and the traffic over one sampling interval.</summary>
internal sealed record SoakSample(
    double SinceStartSeconds,
    string Phase,
    double WorkingSetMegabytes,
    double GcHeapMegabytes,
    double GcCommittedMegabytes,
    long Activations,
    IReadOnlyDictionary<string, long> ActivationsByType,
    double AnsweredPerSecond,
    double P99Milliseconds,
    long Errors,
    long Refused);

/// <summary>
/// A call the silo turned away to come back later, as a connector reads it: RESOURCE_EXHAUSTED or
/// UNAVAILABLE carrying the gRPC retry pushback trailer. Nothing was stored, so the same mention is
/// sent again after the wait; any other failure is an error.
/// </summary>
internal static class SoakRefusal
{
    /// <summary>The longest the soak waits on one pushback, so a silo asking for minutes cannot stall a caller past its phase.</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(5);

    public static bool TryRead(RpcException failed, out TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(failed);
        wait = TimeSpan.Zero;
        if (failed.StatusCode is not (StatusCode.ResourceExhausted or StatusCode.Unavailable)
            || failed.Trailers.GetValue("grpc-retry-pushback-ms") is not { } text
            || !long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var milliseconds))
        {
            return false;
        }

        wait = TimeSpan.FromMilliseconds(Math.Min(milliseconds, (long)LongestWait.TotalMilliseconds));
        return true;
    }
}

/// <summary>
/// Sustained ingest at the highest rate the deployment takes (a closed loop: each caller sends
/// its next mention when the last one is answered), phase after phase, while the silo's own
/// /metrics is read every interval: resident memory, the GC heap, activations by grain type.
/// Refusals with a retry-after are waited out and the mention sent again, as a connector does;
/// they are counted apart from errors, whose statuses are logged.
/// </summary>
internal sealed class SoakRunner(CareEndpoints care, string tenantId, string runId, Uri metrics, int concurrency, TimeSpan interval)
{
    private static readonly string[] CareGrainTypes = ["author", "conversation", "customer", "queueshard"];

    public async Task<IReadOnlyList<SoakSample>> RunAsync(IReadOnlyList<SoakPhase> phases, TextWriter log, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(phases);
        ArgumentNullException.ThrowIfNull(log);
        // A silo holding a million activations takes seconds to answer its scrape.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var samples = new List<SoakSample>();
        var started = Stopwatch.GetTimestamp();
        var index = -1L;
        foreach (var phase in phases)
        {
            var latency = new Recorder(1, 60_000_000, 3, static (id, lowest, highest, digits) => new LongHistogram(id, lowest, highest, digits));
            var errors = 0L;
            var refused = 0L;
            var errorStatuses = new System.Collections.Concurrent.ConcurrentDictionary<StatusCode, long>();
            var mentions = new MentionFactory(tenantId, $"{runId}-{phase.Name}", phase.Authors);
            using var phaseEnd = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            phaseEnd.CancelAfter(phase.Duration);
            var callers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
            {
                while (!phaseEnd.IsCancellationRequested)
                {
                    var i = Interlocked.Increment(ref index);
                    var request = new Wire.IngestMentionRequest { Mention = mentions.Create("soak", i) };
                    while (true)
                    {
                        var sent = Stopwatch.GetTimestamp();
                        try
                        {
                            await new Wire.IngestService.IngestServiceClient(care.For(i))
                                .IngestMentionAsync(request, deadline: care.Deadline(), cancellationToken: CancellationToken.None)
                                .ConfigureAwait(false);
                            latency.RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(sent).TotalMicroseconds));
                            break;
                        }
                        catch (RpcException failed) when (SoakRefusal.TryRead(failed, out var wait))
                        {
                            Interlocked.Increment(ref refused);
                            try
                            {
                                await Task.Delay(wait, phaseEnd.Token).ConfigureAwait(false);
                            }
                            catch (OperationCanceledException)
                            {
                                // The phase ended while this mention waited: it was never stored nor acknowledged, so nothing is owed.
                                break;
                            }
                        }
                        catch (RpcException failed)
                        {
                            Interlocked.Increment(ref errors);
                            if (errorStatuses.AddOrUpdate(failed.StatusCode, 1, static (_, n) => n + 1) == 1)
                            {
                                lock (log)
                                {
                                    log.WriteLine($"soak: first {failed.StatusCode} in {phase.Name}: {failed.Status.Detail}");
                                }
                            }

                            break;
                        }
                    }
                }
            }, CancellationToken.None)).ToArray();

            var lastErrors = 0L;
            var lastRefused = 0L;
            var intervalStart = Stopwatch.GetTimestamp();
            while (!phaseEnd.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(interval, phaseEnd.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                samples.Add(await SampleAsync(http, phase.Name, started, intervalStart, latency, Interlocked.Read(ref errors) - lastErrors, Interlocked.Read(ref refused) - lastRefused, log, cancellation).ConfigureAwait(false));
                lastErrors = Interlocked.Read(ref errors);
                lastRefused = Interlocked.Read(ref refused);
                intervalStart = Stopwatch.GetTimestamp();
            }

            await Task.WhenAll(callers).ConfigureAwait(false);

            // The phase's last, shorter interval, so its end is what the table shows (not the next phase's start).
            if (Stopwatch.GetElapsedTime(intervalStart) >= TimeSpan.FromSeconds(1))
            {
                samples.Add(await SampleAsync(http, phase.Name, started, intervalStart, latency, Interlocked.Read(ref errors) - lastErrors, Interlocked.Read(ref refused) - lastRefused, log, cancellation).ConfigureAwait(false));
            }

            if (!errorStatuses.IsEmpty)
            {
                log.WriteLine($"soak: {phase.Name} errors by status: {string.Join(", ", errorStatuses.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}"))}");
            }
        }

        return samples;
    }

    private async Task<SoakSample> SampleAsync(HttpClient http, string phase, long started, long intervalStart, Recorder latency, long errors, long refused, TextWriter log, CancellationToken cancellation)
    {
        var seconds = Stopwatch.GetElapsedTime(intervalStart).TotalSeconds;
        var answered = latency.GetIntervalHistogram();
        PrometheusText scraped;
        try
        {
            scraped = PrometheusText.Parse(await http.GetStringAsync(metrics, cancellation).ConfigureAwait(false));
        }
        catch (Exception failed) when (failed is HttpRequestException || (failed is TaskCanceledException && !cancellation.IsCancellationRequested))
        {
            // A silo too busy to answer its scrape in time is a finding, not a reason to stop the
            // soak: the sample keeps the traffic's figures and says the silo's were not read.
            log.WriteLine($"soak: the silo's /metrics did not answer ({failed.GetType().Name}: {failed.Message})");
            scraped = PrometheusText.Parse("");
        }

        var byType = scraped.SumBy("orleans_catalog_activations", "grain_type");
        var sample = new SoakSample(
            Stopwatch.GetElapsedTime(started).TotalSeconds,
            phase,
            scraped.Sum("dotnet_process_memory_working_set_bytes") / 1048576,
            scraped.Sum("dotnet_gc_last_collection_heap_size_bytes") / 1048576,
            scraped.Sum("dotnet_gc_last_collection_memory_committed_size_bytes") / 1048576,
            (long)byType.Values.Sum(),
            CareGrainTypes.ToDictionary(t => t, t => (long)byType.GetValueOrDefault(t), StringComparer.Ordinal),
            answered.TotalCount / seconds,
            answered.TotalCount == 0 ? 0 : answered.GetValueAtPercentile(99) / 1000.0,
            errors,
            refused);
        log.WriteLine($"{sample.SinceStartSeconds,6:0}s {phase,-10} {sample.AnsweredPerSecond,7:0}/s p99={sample.P99Milliseconds,7:0.0}ms rss={sample.WorkingSetMegabytes,7:0}MB heap={sample.GcHeapMegabytes,7:0}MB activations={sample.Activations,8} ({string.Join(' ', sample.ActivationsByType.Select(p => $"{p.Key}={p.Value}"))}) errors={sample.Errors} refused={sample.Refused}");
        return sample;
    }
}
