using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Grpc.Core;
using SocialCare.LoadTests.Bench;
using SocialCare.LoadTests.Care;
using SocialCare.LoadTests.Reporting;
using SocialCare.LoadTests.Scenarios;

namespace SocialCare.LoadTests.Commands;

/// <summary>
/// `bench` measures one row (a target's maximum and its latency at half of it) and appends it to
/// a rows file; `bench-table` prints every row beside its ceiling. loadtests/bench.sh runs both
/// against hosts it starts itself.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var target = Options.Choice(
            "--target",
            "ping, ingest, list-queue or delivery (PostReply until the built-in connector has sent the reply to a stub network on loopback).",
            new Dictionary<string, BenchTarget>(StringComparer.Ordinal)
            {
                ["ping"] = BenchTarget.Ping,
                ["ingest"] = BenchTarget.Ingest,
                ["list-queue"] = BenchTarget.ListQueue,
                ["delivery"] = BenchTarget.Delivery,
            });
        var label = new Option<string>("--label") { Description = "The row's name in the table.", Required = true };
        var endpoints = Options.Endpoints();
        var token = Options.Token();
        var concurrency = Options.Count("--concurrency", "Callers in the closed-loop pass (the same for every row).", 64);
        var duration = Options.Duration("--duration", "Length of each pass", TimeSpan.FromSeconds(10));
        var warmUp = Options.Duration("--warm-up", "Unmeasured lead-in of each pass (long enough for the JIT's tiered code to settle: 20-30 s on a fresh host)", TimeSpan.FromSeconds(30));
        var tenant = new Option<string>("--tenant") { Description = "Tenant the mentions go to and whose queue is read (created if missing).", DefaultValueFactory = _ => "bench" };
        var authors = Options.Count("--authors", "Distinct customers the mentions come from; 0 = a new customer for every mention (each opens a conversation).", 20_000, minimum: 0);
        var ceiling = new Option<string?>("--ceiling") { Description = "Label of the row or external ceiling this row is compared with." };
        var minRatio = new Option<double?>("--min-ratio") { Description = "Target: at least this share of the ceiling (0.6 = 60%)." };
        var minRate = new Option<double?>("--min-rate") { Description = "Target: at least this many per second." };
        var maxP99 = Options.Duration("--max-p99", "Target: p99 when offered half the maximum; 0 = not judged (a ceiling row)", TimeSpan.Zero);
        var rows = new Option<FileInfo>("--rows") { Description = "JSON file the row is appended to.", Required = true };
        var policyRules = Options.Count("--policy-rules", "Save a care policy of this many rules on the tenant first (each searched on every mention; the last matches all); 0 = leave the tenant's policy as it is.", 0, minimum: 0, maximum: 500);
        var hostMetrics = Options.Address("--host-metrics", "The host's /metrics (its operations endpoint), to report what a call costs it in allocations and CPU beside the tool's own CPU.", required: false);

        var bench = new Command("bench", "Measure one benchmark row and append it to --rows.")
        {
            target, label, endpoints, token, concurrency, duration, warmUp, tenant, authors, ceiling, minRatio, minRate, maxP99, rows, hostMetrics, policyRules,
        };
        bench.SetAction(async (r, cancellation) =>
        {
            var runId = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            var tenantId = r.GetValue(tenant)!;
            var timeout = TimeSpan.FromSeconds(10);
            try
            {
                var addresses = r.GetValue(endpoints) ?? [];
                var policy = r.GetValue(policyRules) is > 0 and var ruleCount ? BenchPolicy.Rules(ruleCount) : null;
                var (_, key, _) = await LoadSession.PrepareAsync(addresses, r.GetValue(token), tenantId, runId, TimeSpan.FromHours(1), timeout, agents: 0, cancellation, policy);
                using var care = new CareEndpoints(addresses, timeout, key);

                await using var deliveries = r.GetValue(target) == BenchTarget.Delivery
                    ? await DeliveryBench.StartAsync(care, tenantId, runId, Math.Clamp(r.GetValue(concurrency) * 2, 20, 500), timeout, cancellation)
                    : null;

                var row = await BenchRunner.MeasureAsync(
                    r.GetValue(label)!,
                    r.GetValue(target),
                    new BenchCalls(care, new MentionFactory(tenantId, runId, r.GetValue(authors)), deliveries),
                    r.GetValue(concurrency),
                    r.GetValue(warmUp),
                    r.GetValue(duration),
                    new BenchGoal(r.GetValue(ceiling), r.GetValue(minRatio), r.GetValue(minRate), r.GetValue(maxP99) is { Ticks: > 0 } p99 ? p99.TotalMilliseconds : null),
                    Console.Out,
                    cancellation,
                    r.GetValue(hostMetrics));
                var file = r.GetValue(rows)!;
                var all = ReadRows(file);
                all.Add(row);
                await File.WriteAllTextAsync(file.FullName, JsonSerializer.Serialize(all, LoadSession.Json), cancellation);
                return 0;
            }
            catch (RpcException failed)
            {
                await Console.Error.WriteLineAsync($"bench: {failed.StatusCode}: {failed.Status.Detail}");
                return ExitCodes.CouldNotRun;
            }
        });
        return bench;
    }

    public static Command CreateTable()
    {
        var rows = new Option<FileInfo>("--rows") { Description = "The rows file `bench` appended to.", Required = true };
        var external = new Option<string[]>("--ceiling-rate")
        {
            Description = "A ceiling measured outside the tool, as label=per-second[=how], e.g. \"pgbench upsert=5200=pgbench -c 64\". Repeatable.",
        };
        var table = new Command("bench-table", "Print the benchmark rows as a Markdown table with their targets; exit 2 if one is missed.") { rows, external };
        table.SetAction(r =>
        {
            var ceilings = new List<BenchCeiling>();
            foreach (var text in r.GetValue(external) ?? [])
            {
                var parts = text.Split('=', 3);
                if (parts.Length < 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var perSecond))
                {
                    Console.Error.WriteLine($"--ceiling-rate: \"{text}\" is not label=per-second[=how].");
                    return ExitCodes.CouldNotRun;
                }

                ceilings.Add(new BenchCeiling(parts[0], perSecond, parts.Length == 3 ? parts[2] : "measured outside the tool"));
            }

            var all = ReadRows(r.GetValue(rows)!);
            Console.Write(BenchTable.Render(all, ceilings));
            return BenchTable.AllMet(all, ceilings) ? 0 : ExitCodes.ThresholdMissed;
        });
        return table;
    }

    private static List<BenchRow> ReadRows(FileInfo file) =>
        file.Exists ? JsonSerializer.Deserialize<List<BenchRow>>(File.ReadAllText(file.FullName), LoadSession.Json) ?? [] : [];
}
