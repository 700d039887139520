using System.CommandLine;
using System.Globalization;
using Grpc.Core;
using SocialCare.LoadTests.Care;
using SocialCare.LoadTests.Reporting;
using SocialCare.LoadTests.Scenarios;
using SocialCare.LoadTests.Soak;

namespace SocialCare.LoadTests.Commands;

/// <summary>
/// `soak`: openings (a new customer with every mention) at the highest rate the deployment takes,
/// then follow-ups, sampling the silo's memory and activations from its /metrics; writes
/// soak.csv and soak.html and prints the before/after table. loadtests/soak.sh runs it against a
/// Release host it starts itself.
/// </summary>
internal static class SoakCommand
{
    public static Command Create()
    {
        var endpoints = Options.Endpoints();
        var token = Options.Token();
        var metrics = Options.Address("--metrics", "The silo's Prometheus endpoint, e.g. http://127.0.0.1:9464/metrics (SocialCare:OperationsEndpoint).");
        var concurrency = Options.Count("--concurrency", "Callers sending mentions in a closed loop.", 64);
        var openings = Options.Duration("--openings", "How long every mention comes from a new customer", TimeSpan.FromMinutes(10));
        var followUps = Options.Duration("--follow-ups", "How long mentions then come from a pool of known customers", TimeSpan.FromMinutes(3));
        var followUpAuthors = Options.Count("--follow-up-authors", "Customers the follow-ups come from.", 300);
        var interval = Options.Duration("--interval", "How often the silo is sampled", TimeSpan.FromSeconds(10));
        var tenant = new Option<string>("--tenant") { Description = "Tenant the mentions go to (created if missing).", DefaultValueFactory = _ => "soak" };
        var output = new Option<DirectoryInfo>("--output") { Description = "Folder for soak.csv and soak.html.", DefaultValueFactory = _ => new DirectoryInfo("soak-results") };
        var maxGrowth = new Option<double>("--max-growth") { Description = "Target: resident memory grows at most this share from 3 minutes into the openings to their end (0.2 = 20%).", DefaultValueFactory = _ => 0.2 };
        var maxResident = new Option<double>("--max-resident-mb") { Description = "Target: resident memory never above this many MB (0 = not judged).", DefaultValueFactory = _ => 0 };

        var soak = new Command("soak", "Sustained openings then follow-ups, sampling the silo's memory, GC heap and activations.")
        {
            endpoints, token, metrics, concurrency, openings, followUps, followUpAuthors, interval, tenant, output, maxGrowth, maxResident,
        };
        soak.SetAction(async (r, cancellation) =>
        {
            var runId = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            var tenantId = r.GetValue(tenant)!;
            var timeout = TimeSpan.FromSeconds(10);
            var addresses = r.GetValue(endpoints) ?? [];
            IReadOnlyList<SoakSample> samples;
            try
            {
                var (_, key, _) = await LoadSession.PrepareAsync(addresses, r.GetValue(token), tenantId, runId, TimeSpan.FromHours(1), timeout, agents: 0, cancellation);
                using var care = new CareEndpoints(addresses, timeout, key);
                var runner = new SoakRunner(care, tenantId, runId, r.GetValue(metrics)!, r.GetValue(concurrency), r.GetValue(interval));
                samples = await runner.RunAsync(
                    [new SoakPhase("openings", 0, r.GetValue(openings)), new SoakPhase("follow-ups", r.GetValue(followUpAuthors), r.GetValue(followUps))],
                    Console.Out,
                    cancellation);
            }
            catch (RpcException failed)
            {
                await Console.Error.WriteLineAsync($"soak: {failed.StatusCode}: {failed.Status.Detail}");
                return ExitCodes.CouldNotRun;
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync("soak: interrupted.");
                return ExitCodes.Interrupted;
            }

            if (samples.Count == 0)
            {
                await Console.Error.WriteLineAsync("soak: no sample was taken (a phase shorter than --interval?).");
                return ExitCodes.CouldNotRun;
            }

            var phases = SoakReport.Summarize(samples);
            var folder = r.GetValue(output)!;
            folder.Create();
            var settings = $"{r.GetValue(concurrency)} callers; openings {r.GetValue(openings)}, follow-ups {r.GetValue(followUps)} from {r.GetValue(followUpAuthors)} customers; sampled every {r.GetValue(interval)} from {r.GetValue(metrics)}.";
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "soak.csv"), SoakReport.Csv(samples), cancellation);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "soak.html"), SoakReport.Html(samples, phases, settings), cancellation);
            Console.WriteLine();
            Console.Write(SoakReport.Table(phases));

            var missed = new List<string>();
            if (phases.FirstOrDefault(p => p.Phase == "openings") is { } opening && opening.Growth > r.GetValue(maxGrowth))
            {
                missed.Add(string.Create(CultureInfo.InvariantCulture, $"resident memory grew {opening.Growth:P0} under openings (target at most {r.GetValue(maxGrowth):P0})"));
            }

            if (r.GetValue(maxResident) is > 0 and var limit && phases.Max(p => p.PeakWorkingSetMegabytes) is var peak && peak > limit)
            {
                missed.Add(string.Create(CultureInfo.InvariantCulture, $"resident memory peaked at {peak:#,0} MB (target at most {limit:#,0} MB)"));
            }

            if (phases.Sum(p => p.Errors) is > 0 and var errors)
            {
                missed.Add($"{errors} mentions failed");
            }

            Console.WriteLine(missed.Count == 0 ? "soak: every target met" : $"soak: missed: {string.Join("; ", missed)}");
            Console.WriteLine($"soak: wrote {Path.Combine(folder.FullName, "soak.html")}");
            return missed.Count == 0 ? ExitCodes.Passed : ExitCodes.ThresholdMissed;
        });
        return soak;
    }
}
