using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Xunit.Abstractions;

namespace SocialCare.Durability.Tests;

/// <summary>
/// Ops scaling a loaded cluster: real silo processes on PostgreSQL while mentions and queue reads
/// flow at a steady rate. One silo, a second and a third added, the first drained with SIGTERM and
/// started again, as a rolling upgrade does. The client knows every endpoint, sends half the
/// mentions over the load tool's IngestMentions streams and half as unary calls, and, as real
/// clients do, retries a failed one on the next endpoint with the same message id, so a mention
/// whose answer a drain swallowed comes back as a duplicate, never as a second copy. Agents reply
/// to one customer in six with a request id, retried the same way. At every event a burst of
/// mentions (a post going viral) is on its way, so each event catches dozens of calls in flight.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ScaleTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int MentionsPerSecond = 120;
    private const int QueueReadsPerSecond = 20;
    /// <summary>One mention in this many gets an agent's reply (20 replies/s).</summary>
    private const int MentionsPerReply = 6;
    /// <summary>Mentions sent at once as each event starts, half over streams, half unary.</summary>
    private const int BurstAtEvent = 48;
    /// <summary>Mentions each customer sends: new customers keep arriving, so every phase activates new grains.</summary>
    private const int MentionsPerCustomer = 3;
    private const int Attempts = 8;
    private static readonly TimeSpan PhaseLength = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Silos_added_drained_and_restarted_under_load_lose_nothing_and_the_client_sees_no_error()
    {
        var connectionString = await postgres.NewDatabaseAsync();
        var cluster = $"scale-{Guid.NewGuid():N}"[..20];
        var ports = Enumerable.Range(0, 3).Select(_ => (Silo: HostProcess.FreePorts(), Operations: HostProcess.FreePort())).ToArray();
        Dictionary<string, string> Settings(int silo) => new(HostProcess.FastMembership)
        {
            ["SocialCare__OperationsEndpoint"] = $"http://127.0.0.1:{ports[silo].Operations.ToString(CultureInfo.InvariantCulture)}",
            ["SocialCare__Shutdown__DrainDelay"] = "00:00:02",
            ["SocialCare__Shutdown__Timeout"] = "00:00:30",
            // The test's agents share one credential; a real desk's agents each have their own,
            // so its per-caller reply limit (10/s per silo) is not what this test is about.
            ["SocialCare__RateLimits__RepliesPerCaller__PerSecond"] = "1000",
            ["SocialCare__RateLimits__RepliesPerCaller__Burst"] = "1000",
        };

        var silos = new HostProcess?[3];
        silos[0] = await HostProcess.StartAsync(connectionString, cluster, ports[0].Silo, Settings(0));
        try
        {
            // Every endpoint from the start, as a client configured for the whole cluster is:
            // those not up yet refuse the connection and the call moves on.
            var apis = ports.Select(p => new CareApi(HostProcess.DeskCredential.Channel($"http://127.0.0.1:{p.Silo.Grpc.ToString(CultureInfo.InvariantCulture)}"))).ToArray();
            var tenant = await apis[0].CreateTenantAsync($"scale{Guid.NewGuid():N}"[..16], TimeSpan.FromHours(1));
            // Half the mentions over the load tool's IngestMentions streams (two per endpoint), half
            // unary: a drain cuts streams with mentions in flight on them.
            using var streamEndpoints = new SocialCare.LoadTests.Care.CareEndpoints(
                [.. ports.Select(p => new Uri($"http://127.0.0.1:{p.Silo.Grpc.ToString(CultureInfo.InvariantCulture)}"))], CallDeadline, HostProcess.DeskCredential);
            await using var streams = new SocialCare.LoadTests.Care.StreamingIngest(streamEndpoints, streamsPerEndpoint: 2);
            var load = new SteadyLoad(apis, streams, tenant);
            using var stop = new CancellationTokenSource();
            var running = load.RunAsync(stop.Token);

            var phases = new List<PhaseResult>();
            async Task PhaseAsync(string name, int active)
            {
                var from = load.Mark();
                await Task.Delay(PhaseLength);
                phases.Add(load.Since(name, active, from));
            }

            async Task Event(string name, Func<Task> act)
            {
                // The calls in flight now are those whose outcome the event may cut off.
                load.Burst(BurstAtEvent);
                output.WriteLine($"event={name} in_flight={load.InFlight} (mentions={load.MentionsInFlight}, replies={load.RepliesInFlight})");
                var started = Stopwatch.StartNew();
                await act();
                output.WriteLine($"event={name} done_in={started.Elapsed.TotalSeconds:F1}s");
            }

            await PhaseAsync("one-silo", 1);
            await Event("add-silo-2", async () => silos[1] = await HostProcess.StartAsync(connectionString, cluster, ports[1].Silo, Settings(1)));
            await PhaseAsync("two-silos", 2);
            var createdBefore = await ActivationsCreatedAsync(ports.Select(p => p.Operations).ToArray());
            await Event("add-silo-3", async () => silos[2] = await HostProcess.StartAsync(connectionString, cluster, ports[2].Silo, Settings(2)));
            await PhaseAsync("three-silos", 3);
            var createdAfter = await ActivationsCreatedAsync(ports.Select(p => p.Operations).ToArray());
            var drained = TimeSpan.Zero;
            var drainExit = -1;
            await Event("drain-silo-1", async () =>
            {
                drained = await silos[0]!.TerminateAsync(TimeSpan.FromSeconds(60));
                drainExit = silos[0]!.ExitCode;
            });
            await PhaseAsync("silo-1-drained", 2);
            await Event("restart-silo-1", async () =>
            {
                await silos[0]!.DisposeAsync();
                silos[0] = await HostProcess.StartAsync(connectionString, cluster, ports[0].Silo, Settings(0));
            });
            await PhaseAsync("silo-1-back", 3);
            await stop.CancelAsync();
            await running;

            foreach (var phase in phases)
            {
                output.WriteLine($"phase={phase.Name} silos={phase.Silos} rate={phase.Rate:F0} p99={phase.P99Ms:F1}ms errors={phase.Errors}");
            }

            var third = createdAfter[2] - createdBefore[2];
            var total = createdAfter.Zip(createdBefore, (a, b) => a - b).Sum();
            output.WriteLine($"silo-3 share of activations created while three silos ran: {third} of {total} ({(total == 0 ? 0 : third * 100.0 / total):F0}%; a fair share is 33%)");
            output.WriteLine($"drain: silo 1 exited with {drainExit} {drained.TotalSeconds:F1}s after SIGTERM (2 s of it serving while not ready)");
            output.WriteLine($"retries={load.Retries} ({string.Join(", ", load.RetriesByStatus.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"))}) answered_duplicate={load.RetriesAnsweredDuplicate} queue_reads={load.QueueReads}");

            // Every acknowledged mention and reply stored once, read back through the rejoined cluster.
            var stored = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            var replies = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            await Parallel.ForEachAsync(load.Acknowledged.Values.ToHashSet(StringComparer.Ordinal), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (conversation, _) =>
            {
                var reader = apis[(conversation.GetHashCode(StringComparison.Ordinal) & int.MaxValue) % apis.Length];
                foreach (var message in await CareApi.RetryAsync(() => reader.ListHistoryAsync(conversation)))
                {
                    if (message.Kind == Wire.MessageKind.Customer)
                    {
                        stored.AddOrUpdate(message.NetworkMessageId, 1, static (_, n) => n + 1);
                    }
                    else if (message.Kind == Wire.MessageKind.AgentReply)
                    {
                        replies.AddOrUpdate(message.Text, 1, static (_, n) => n + 1);
                    }
                }
            });

            var found = load.Acknowledged.Keys.Count(stored.ContainsKey);
            var duplicates = stored.Values.Sum(n => n - 1);
            var lost = load.Acknowledged.Count - found;
            output.WriteLine($"mentions over streams={load.Streamed}, unary={load.Acknowledged.Count - load.Streamed}");
            var repliesFound = load.RepliesAcknowledged.Values.Count(replies.ContainsKey);
            var replyTwins = replies.Values.Sum(n => n - 1);
            output.WriteLine($"replies sent={load.RepliesSent} acknowledged={load.RepliesAcknowledged.Count} found={repliesFound} twins={replyTwins} lost={load.RepliesAcknowledged.Count - repliesFound}");
            output.WriteLine($"sent={load.Sent} acknowledged={load.Acknowledged.Count} found={found} duplicates={duplicates} lost={lost}");

            Assert.All(phases, p => Assert.Equal(0, p.Errors));
            Assert.Equal(load.Sent, load.Acknowledged.Count);
            Assert.Equal(0, lost);
            Assert.Equal(0, duplicates);
            Assert.Equal(load.RepliesSent, load.RepliesAcknowledged.Count);
            Assert.Equal(load.RepliesAcknowledged.Count, repliesFound);
            Assert.Equal(0, replyTwins);
            Assert.True(third > 0, "the third silo took no new activations");
            Assert.True(drained < TimeSpan.FromSeconds(30), $"the drained silo took {drained} to stop");
            Assert.Equal(0, drainExit);
        }
        finally
        {
            foreach (var silo in silos)
            {
                if (silo is not null)
                {
                    await silo.DisposeAsync();
                }
            }
        }
    }

    /// <summary>Each silo's count of activations created so far, from its /metrics (0 for a silo that is down).</summary>
    private static async Task<long[]> ActivationsCreatedAsync(int[] operationsPorts)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var counts = new long[operationsPorts.Length];
        for (var i = 0; i < operationsPorts.Length; i++)
        {
            try
            {
                var scraped = await http.GetStringAsync(new Uri($"http://127.0.0.1:{operationsPorts[i].ToString(CultureInfo.InvariantCulture)}/metrics"));
                counts[i] = (long)SocialCare.LoadTests.Metrics.PrometheusText.Parse(scraped).Sum("orleans_catalog_activation_created_total");
            }
            catch (HttpRequestException)
            {
                counts[i] = 0;
            }
        }

        return counts;
    }

    private sealed record PhaseResult(string Name, int Silos, double Rate, double P99Ms, int Errors);

    /// <summary>
    /// Mentions (a few from each customer, new customers arriving all along, so conversations open
    /// on every silo there is) and queue reads on the open model: each starts on schedule whether or not the last answered.
    /// </summary>
    private sealed class SteadyLoad(CareApi[] apis, SocialCare.LoadTests.Care.StreamingIngest streams, string tenant)
    {
        private readonly ConcurrentQueue<(long At, double LatencyMs, bool Failed)> _outcomes = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        /// <summary>Calls started off the schedule (bursts, replies), awaited before the run ends.</summary>
        private readonly ConcurrentQueue<Task> _offSchedule = new();
        private int _mentionsInFlight;
        private int _repliesInFlight;
        private int _sent;
        private int _repliesSent;
        private int _bursts;
        private int _retries;
        private int _retriesAnsweredDuplicate;
        private int _queueReads;
        private int _streamed;

        public ConcurrentDictionary<string, string> Acknowledged { get; } = new(StringComparer.Ordinal);

        /// <summary>Why calls were retried: mostly Unavailable (an endpoint whose silo is not up), the rest cut off mid-call.</summary>
        public ConcurrentDictionary<StatusCode, int> RetriesByStatus { get; } = new();

        /// <summary>Replies acknowledged: request id to the text as published (with any signature).</summary>
        public ConcurrentDictionary<string, string> RepliesAcknowledged { get; } = new(StringComparer.Ordinal);

        public int MentionsInFlight => Volatile.Read(ref _mentionsInFlight);

        public int RepliesInFlight => Volatile.Read(ref _repliesInFlight);

        public int InFlight => MentionsInFlight + RepliesInFlight;

        public int RepliesSent => Volatile.Read(ref _repliesSent);

        public int Sent => Volatile.Read(ref _sent);

        public int Retries => Volatile.Read(ref _retries);

        public int RetriesAnsweredDuplicate => Volatile.Read(ref _retriesAnsweredDuplicate);

        public int QueueReads => Volatile.Read(ref _queueReads);

        /// <summary>Mentions acknowledged over a stream rather than a unary call.</summary>
        public int Streamed => Volatile.Read(ref _streamed);

        public long Mark() => _clock.ElapsedTicks;

        /// <summary>
        /// Sends <paramref name="count"/> mentions at once, on top of the steady rate, and returns
        /// without waiting for them: their own ids and customers, so they add to what is checked.
        /// </summary>
        public void Burst(int count)
        {
            var first = 10_000_000 * Interlocked.Increment(ref _bursts);
            for (var k = 0; k < count; k++)
            {
                var index = first + k;
                _offSchedule.Enqueue(Task.Run(() => MentionAsync(index)));
            }

            // Sent is counted inside each call, so wait until all are on their way: what the event catches is the whole burst.
            SpinWait.SpinUntil(() => Volatile.Read(ref _mentionsInFlight) >= count, TimeSpan.FromSeconds(5));
        }

        public PhaseResult Since(string name, int silos, long from)
        {
            var to = _clock.ElapsedTicks;
            var outcomes = _outcomes.Where(o => o.At >= from && o.At < to).ToList();
            var latencies = outcomes.Where(o => !o.Failed).Select(o => o.LatencyMs).Order().ToList();
            var seconds = TimeSpan.FromTicks((long)((to - from) * (TimeSpan.TicksPerSecond / (double)Stopwatch.Frequency))).TotalSeconds;
            return new PhaseResult(name, silos, latencies.Count / seconds, latencies.Count == 0 ? 0 : latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(latencies.Count * 0.99) - 1)], outcomes.Count(o => o.Failed));
        }

        public async Task RunAsync(CancellationToken stop)
        {
            var calls = new List<Task>();
            var period = TimeSpan.FromSeconds(1.0 / MentionsPerSecond);
            var readEvery = MentionsPerSecond / QueueReadsPerSecond;
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var due = started + (long)(i * period.TotalSeconds * Stopwatch.Frequency);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, CancellationToken.None);
                }

                var index = i;
                calls.Add(Task.Run(() => MentionAsync(index)));
                if (i % readEvery == 0)
                {
                    calls.Add(Task.Run(() => ReadQueueAsync(index)));
                }
            }

            await Task.WhenAll(calls);
            while (_offSchedule.TryDequeue(out var call))
            {
                await call;
            }
        }

        private async Task MentionAsync(int i)
        {
            Interlocked.Increment(ref _sent);
            Interlocked.Increment(ref _mentionsInFlight);
            var id = $"scale-{i}";
            var mention = CareApi.Mention(tenant, $"customer-{i / MentionsPerCustomer}", id, $"Where is my order? ({i})");
            var started = _clock.ElapsedTicks;
            try
            {
                for (var attempt = 0; attempt < Attempts; attempt++)
                {
                    try
                    {
                        var receipt = i % 2 == 1
                            ? await streams.SendAsync(i + attempt, mention, CancellationToken.None)
                            : await apis[(i + attempt) % apis.Length].Ingest.IngestMentionAsync(new Wire.IngestMentionRequest { Mention = mention }, deadline: DateTime.UtcNow + CallDeadline);
                        Acknowledged[id] = receipt.Conversation;
                        if (i % 2 == 1)
                        {
                            Interlocked.Increment(ref _streamed);
                        }

                        if (attempt > 0 && receipt.Duplicate)
                        {
                            Interlocked.Increment(ref _retriesAnsweredDuplicate);
                        }

                        Answered(started);
                        if (i % MentionsPerReply == 0)
                        {
                            _offSchedule.Enqueue(Task.Run(() => ReplyAsync(i, receipt.Conversation)));
                        }

                        return;
                    }
                    catch (RpcException failed)
                    {
                        // Refused (a silo not up yet, or gone), or cut off mid-call: the same
                        // mention, same id, on the next endpoint.
                        Interlocked.Increment(ref _retries);
                        RetriesByStatus.AddOrUpdate(failed.StatusCode, 1, static (_, n) => n + 1);
                        await Task.Delay(100);
                    }
                }

                _outcomes.Enqueue((started, 0, true));
            }
            finally
            {
                Interlocked.Decrement(ref _mentionsInFlight);
            }
        }

        private void Answered(long started) =>
            _outcomes.Enqueue((started, TimeSpan.FromTicks((long)((_clock.ElapsedTicks - started) * (TimeSpan.TicksPerSecond / (double)Stopwatch.Frequency))).TotalMilliseconds, false));

        /// <summary>An agent answers the customer; the same request id on every try, so a reply whose answer a drain swallowed is stored once.</summary>
        private async Task ReplyAsync(int i, string conversation)
        {
            Interlocked.Increment(ref _repliesSent);
            Interlocked.Increment(ref _repliesInFlight);
            var requestId = $"scale-reply-{i}";
            var started = _clock.ElapsedTicks;
            try
            {
                for (var attempt = 0; attempt < Attempts; attempt++)
                {
                    try
                    {
                        var posted = await apis[(i + attempt) % apis.Length].Conversations.PostReplyAsync(
                            new Wire.PostReplyRequest { Name = conversation, AgentId = "jd", Text = $"We are looking into it ({i}).", RequestId = requestId },
                            deadline: DateTime.UtcNow + CallDeadline);
                        RepliesAcknowledged[requestId] = posted.Reply.Text;
                        Answered(started);
                        return;
                    }
                    catch (RpcException failed)
                    {
                        Interlocked.Increment(ref _retries);
                        RetriesByStatus.AddOrUpdate(failed.StatusCode, 1, static (_, n) => n + 1);
                        await Task.Delay(100);
                    }
                }

                _outcomes.Enqueue((started, 0, true));
            }
            finally
            {
                Interlocked.Decrement(ref _repliesInFlight);
            }
        }

        private async Task ReadQueueAsync(int i)
        {
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                try
                {
                    await apis[(i + attempt) % apis.Length].Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}", PageSize = 20 }, deadline: DateTime.UtcNow + CallDeadline);
                    Interlocked.Increment(ref _queueReads);
                    return;
                }
                catch (RpcException)
                {
                    await Task.Delay(100);
                }
            }

            _outcomes.Enqueue((_clock.ElapsedTicks, 0, true));
        }
    }
}
