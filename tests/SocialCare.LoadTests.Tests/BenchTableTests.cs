using SocialCare.LoadTests.Bench;
using SocialCare.LoadTests.Metrics;

namespace SocialCare.LoadTests.Tests;

public sealed class BenchTableTests
{
    [Fact]
    public void Rows_are_judged_against_their_ceiling_rate_and_p99_at_half_rate()
    {
        var ping = Row("Ping", 20_000, p99AtHalf: 400, new BenchGoal(null, null, null, null));
        var memory = Row("Ingest in-memory", 6_000, p99AtHalf: 20, new BenchGoal("Ping", 0.25, null, 50));
        var durable = Row("Ingest PostgreSQL", 2_000, p99AtHalf: 80, new BenchGoal("pgbench", 0.6, 3_000, 50));
        var ceilings = new[] { new BenchCeiling("pgbench", 5_000, "pgbench -c 64") };

        var verdicts = BenchTable.Judge([ping, memory, durable], ceilings);

        // The ceiling row has no goal of its own: its slow p99 is reported, not judged.
        Assert.Empty(verdicts[0].Missed);
        Assert.Equal(0.3, verdicts[1].Ratio!.Value, 9);
        Assert.Empty(verdicts[1].Missed);
        Assert.Equal(0.4, verdicts[2].Ratio!.Value, 9);
        Assert.Equal(3, verdicts[2].Missed.Count);
        Assert.Contains(verdicts[2].Missed, m => m.Contains("40% of pgbench < 60%", StringComparison.Ordinal));
        Assert.Contains(verdicts[2].Missed, m => m.Contains("< 3,000/s", StringComparison.Ordinal));
        Assert.Contains(verdicts[2].Missed, m => m.Contains("p99 at half rate 80.00 ms", StringComparison.Ordinal));
        Assert.False(BenchTable.AllMet([ping, memory, durable], ceilings));
        Assert.True(BenchTable.AllMet([ping, memory], ceilings));
    }

    [Fact]
    public void A_ceiling_row_reports_its_errors_without_failing_the_table()
    {
        var ping = Row("Ping", 40_000, p99AtHalf: 900, new BenchGoal(null, null, null, null)) with { HalfRateErrors = 500 };
        Assert.Empty(Assert.Single(BenchTable.Judge([ping], [])).Missed);
        Assert.Contains("| 500 | met |", BenchTable.Render([ping], []), StringComparison.Ordinal);
    }

    [Fact]
    public void The_errors_cell_names_their_statuses_most_frequent_first()
    {
        var row = Row("Ingest in-memory", 6_000, p99AtHalf: 20, new BenchGoal(null, null, null, null)) with
        {
            Errors = 5,
            HalfRateErrors = 5_250,
            ErrorStatuses = new Dictionary<string, long> { ["DeadlineExceeded"] = 255, ["ClientOverloaded"] = 5_000 },
        };
        Assert.Contains("| 5,255 (ClientOverloaded 5,000, DeadlineExceeded 255) |", BenchTable.Render([row], []), StringComparison.Ordinal);
        Assert.Contains("| 0 | met |", BenchTable.Render([row with { Errors = 0, HalfRateErrors = 0, ErrorStatuses = null }], []), StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_compared_with_a_ceiling_nobody_measured_is_a_miss()
    {
        var row = Row("Ingest", 1_000, p99AtHalf: 5, new BenchGoal("pgbench", 0.6, null, null));
        var verdict = Assert.Single(BenchTable.Judge([row], []));
        Assert.Null(verdict.Ratio);
        Assert.Equal(["ceiling \"pgbench\" was not measured"], verdict.Missed);
    }

    [Fact]
    public void Errors_in_either_pass_miss_the_row_and_the_table_names_every_row()
    {
        var row = Row("ListQueue", 4_000, p99AtHalf: 5, new BenchGoal(null, null, null, 50)) with { HalfRateErrors = 3 };
        Assert.Equal(["3 errors"], Assert.Single(BenchTable.Judge([row], [])).Missed);
        var table = BenchTable.Render([row], [new BenchCeiling("pgbench", 5_000, "pgbench -c 64")]);
        Assert.Contains("| pgbench | | 5,000 |", table, StringComparison.Ordinal);
        Assert.Contains("| 3 | MISSED: 3 errors |", table, StringComparison.Ordinal);
        Assert.Contains("| ListQueue | 64 | 4,000 |", table, StringComparison.Ordinal);
        Assert.Contains("MISSED: 3 errors", table, StringComparison.Ordinal);
    }

    [Fact]
    public void What_a_call_costs_the_host_and_the_client_is_tabled_for_the_rows_that_measured_it()
    {
        var costed = Row("Ingest in-memory", 6_000, p99AtHalf: 20, new BenchGoal(null, null, null, null)) with { Cost = new CallCost(12_800, 150, 90) };
        var plain = Row("Ping", 20_000, p99AtHalf: 4, new BenchGoal(null, null, null, null));

        var table = BenchTable.Render([plain, costed], []);

        Assert.Contains("| Ingest in-memory | 12.5 KB | 150 µs | 90 µs | 60% |", table, StringComparison.Ordinal);
        Assert.DoesNotContain("| Ping | ", table.Split("host heap allocated per call")[1], StringComparison.Ordinal);
        Assert.DoesNotContain("host heap allocated per call", BenchTable.Render([plain], []), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cost_meter_reads_the_hosts_runtime_counters_and_divides_by_the_calls_answered()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // A bare HTTP server on a port the system picks: two scrapes, each answered once.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var scrapes = new[]
        {
            "dotnet_gc_heap_total_allocated_bytes_total{otel_scope_name=\"System.Runtime\"} 1000000\n" +
            "dotnet_process_cpu_time_seconds_total{cpu_mode=\"user\"} 2.0\ndotnet_process_cpu_time_seconds_total{cpu_mode=\"system\"} 0.5\n",
            "dotnet_gc_heap_total_allocated_bytes_total{otel_scope_name=\"System.Runtime\"} 3000000\n" +
            "dotnet_process_cpu_time_seconds_total{cpu_mode=\"user\"} 3.0\ndotnet_process_cpu_time_seconds_total{cpu_mode=\"system\"} 1.5\n",
        };
        var served = Task.Run(async () =>
        {
            foreach (var body in scrapes)
            {
                using var connection = await listener.AcceptTcpClientAsync(timeout.Token);
                var stream = connection.GetStream();
                var request = new List<byte>();
                var buffer = new byte[1024];
                while (!System.Text.Encoding.ASCII.GetString([.. request]).Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, timeout.Token);
                    Assert.True(read > 0, "the meter closed the connection before its request ended");
                    request.AddRange(buffer[..read]);
                }

                Assert.StartsWith("GET /metrics ", System.Text.Encoding.ASCII.GetString([.. request]), StringComparison.Ordinal);
                var answer = $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
                await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(answer), timeout.Token);
            }
        });

        using var meter = new CallCostMeter(new Uri($"http://127.0.0.1:{port}/metrics"));
        var first = await meter.ReadAsync(timeout.Token);
        var last = await meter.ReadAsync(timeout.Token);
        await served;

        var cost = CallCostMeter.Between(first, last, calls: 1_000)!;
        Assert.Equal(2_000, cost.HostBytesPerCall, 6);
        Assert.Equal(2_000, cost.HostCpuMicrosecondsPerCall, 6);
        Assert.True(cost.ClientCpuMicrosecondsPerCall >= 0);
        Assert.Null(CallCostMeter.Between(first, null, 1_000));
        Assert.Null(CallCostMeter.Between(first, last, 0));
    }

    private static BenchRow Row(string label, double maxPerSecond, double p99AtHalf, BenchGoal goal) => new(
        label,
        "Ingest",
        64,
        maxPerSecond,
        0,
        new LatencySummary(100, 1, 1, 1, 1, 1, 2, 3, 4),
        maxPerSecond / 2,
        new LatencySummary(100, 1, 1, 1, 1, 1, p99AtHalf, p99AtHalf, p99AtHalf),
        0,
        goal);
}
