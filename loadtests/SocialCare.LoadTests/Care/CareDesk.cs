using System.Collections.Concurrent;
using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using SocialCare.Contracts;
using SocialCare.LoadTests.Metrics;
using SocialCare.LoadTests.Running;

namespace SocialCare.LoadTests.Care;

/// <summary>How mentions reach the deployment.</summary>
internal enum IngestMode
{
    /// <summary>One IngestMention call per mention.</summary>
    Unary,

    /// <summary>Over long-lived IngestMentions streams.</summary>
    Stream,

    /// <summary>Alternating, so one run measures both paths.</summary>
    Mixed,
}

/// <summary>
/// The care work a scenario drives, as gRPC calls to the deployment: mentions in (unary or
/// streamed), agents working the queue. It remembers the conversations mentions opened during
/// the measured part of the run so SLA outcomes can be read back through the API afterwards.
/// </summary>
internal sealed class CareDesk : IAsyncDisposable
{
    private readonly CareEndpoints _endpoints;
    private readonly MentionFactory _mentions;
    private readonly StreamingIngest _streams;
    private readonly IngestMode _mode;
    private readonly int _agents;
    private readonly IReadOnlyList<Grpc.Core.Metadata>? _agentKeys;
    private readonly ConcurrentDictionary<string, byte> _opened = new(StringComparer.Ordinal);

    /// <param name="agentKeys">Each agent's own credential (see <see cref="RunAccess.AgentKeysAsync"/>); null: agents act with the endpoints' credential.</param>
    public CareDesk(CareEndpoints endpoints, string tenantId, string runId, int authors, IngestMode mode, int streamsPerEndpoint, int agents, IReadOnlyList<CareCredential>? agentKeys = null)
    {
        if (agentKeys is not null && agentKeys.Count != agents)
        {
            throw new ArgumentException($"{agents} agents need as many keys, not {agentKeys.Count}.", nameof(agentKeys));
        }

        _agentKeys = agentKeys?.Select(k => k.AsMetadata()).ToList();
        _endpoints = endpoints;
        _mentions = new MentionFactory(tenantId, runId, authors);
        _streams = new StreamingIngest(endpoints, streamsPerEndpoint);
        _mode = mode;
        _agents = Math.Max(1, agents);
        TenantId = tenantId;
        RunId = runId;
    }

    public string TenantId { get; }

    /// <summary>The desk's agents are agent-1, agent-2...: the name each acts under and its key is made for.</summary>
    public static string AgentName(int index) => $"agent-{index + 1}";

    public string RunId { get; }

    /// <summary>Conversations opened by measured (not warm-up) mentions.</summary>
    public IReadOnlyCollection<string> OpenedConversations => [.. _opened.Keys];

    private long _accepted;
    private long _duplicates;

    /// <summary>Mentions the deployment acknowledged after the warm-up, and how many of them it already had.</summary>
    public MentionTally Mentions => new(Interlocked.Read(ref _accepted), _opened.Count, Interlocked.Read(ref _duplicates));

    /// <summary>
    /// Creates the run's tenant: every priority with the same first-response target so SLA
    /// outcomes are easy to read, open around the clock. An existing tenant of that id is used as is.
    /// </summary>
    public static async Task<bool> EnsureTenantAsync(CareEndpoints endpoints, string tenantId, string runId, TimeSpan firstResponse, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var policy = new Wire.SlaPolicy();
        foreach (var priority in new[] { Wire.Priority.Urgent, Wire.Priority.High, Wire.Priority.Normal, Wire.Priority.Low })
        {
            policy.Targets.Add(new Wire.SlaTarget
            {
                Priority = priority,
                FirstResponse = Duration.FromTimeSpan(firstResponse),
                NextResponse = Duration.FromTimeSpan(firstResponse),
                Resolution = Duration.FromTimeSpan(TimeSpan.FromHours(24)),
            });
        }

        var admin = new Wire.AdminService.AdminServiceClient(endpoints.For(0));
        try
        {
            await admin.CreateTenantAsync(
                new Wire.CreateTenantRequest
                {
                    Tenant = new Wire.Tenant
                    {
                        TenantId = tenantId,
                        DisplayName = $"Load test {runId}",
                        SlaPolicy = policy,
                        Calendar = new Wire.BusinessCalendar { AlwaysOpen = true, TimeZone = "UTC" },
                    },
                },
                deadline: endpoints.Deadline(),
                cancellationToken: cancellation);
            return true;
        }
        catch (RpcException exists) when (exists.StatusCode == StatusCode.AlreadyExists)
        {
            return false;
        }
    }

    /// <summary>One mention arriving from a network.</summary>
    public async Task IngestAsync(FlowCall call)
    {
        var mention = _mentions.Create("mention", call.Index);
        var streamed = _mode == IngestMode.Stream || (_mode == IngestMode.Mixed && call.Index % 2 == 1);
        var accepted = streamed
            ? await call.Steps.TimeAsync(StepNames.IngestStream, call, call.ScheduledTimestamp, ct => _streams.SendAsync(call.Index, mention, ct)).ConfigureAwait(false)
            : await call.Steps.TimeAsync(StepNames.IngestUnary, call, call.ScheduledTimestamp, ct => _endpoints.CallAsync(call.Index, channel =>
                new Wire.IngestService.IngestServiceClient(channel)
                    .IngestMentionAsync(new Wire.IngestMentionRequest { Mention = mention }, deadline: _endpoints.Deadline(), cancellationToken: ct).ResponseAsync)).ConfigureAwait(false);
        if (accepted is null || call.WarmUp)
        {
            return;
        }

        Interlocked.Increment(ref _accepted);
        if (accepted.Duplicate)
        {
            // The run's message ids are its own: a duplicate means the tenant already had them
            // (a reused run id) or a resend after a lost answer, never new work for the desk.
            Interlocked.Increment(ref _duplicates);
        }
        else if (accepted.NewConversation)
        {
            _opened.TryAdd(accepted.Conversation, 0);
        }
    }

    /// <summary>
    /// One piece of agent work: read the unassigned queue, claim one of the top conversations
    /// (agents spread over the first few so they rarely collide), reply publicly, resolve.
    /// Losing a conversation to a colleague between reading the queue and acting is normal desk
    /// work, counted but not an error.
    /// </summary>
    public async Task WorkQueueAsync(FlowCall call)
    {
        var agentIndex = (int)(call.Index % _agents);
        var agent = AgentName(agentIndex);
        var headers = _agentKeys?[agentIndex];
        // Each request on a reachable silo, resent once to the next if its own could not be reached.
        Task<T> OnADesk<T>(Func<Wire.QueueService.QueueServiceClient, Wire.ConversationService.ConversationServiceClient, Task<T>> send) =>
            _endpoints.CallAsync(call.Index, channel => send(new Wire.QueueService.QueueServiceClient(channel), new Wire.ConversationService.ConversationServiceClient(channel)));

        // "handle" is the agent's whole piece of work: OK once resolved, an error when any of its
        // requests failed (named by the step that failed), expected when the queue was empty or a
        // colleague got there first. A failing list_queue then shows in the flow's own line too,
        // not as claims, replies and resolves that merely never happened.
        var page = await call.Steps.TryAsync(StepNames.ListQueue, call, call.ScheduledTimestamp, ct => OnADesk((queues, _) =>
            queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{TenantId}", PageSize = 20, UnassignedOnly = true }, headers, deadline: _endpoints.Deadline(), cancellationToken: ct).ResponseAsync)).ConfigureAwait(false);
        if (page.Answer is not { } listed)
        {
            Handled(call, StepNames.ListQueue, page.Outcome, page.Status);
            return;
        }

        if (listed.Items.Count == 0)
        {
            call.Steps[StepNames.Claim].Record(call.WarmUp, OutcomeKind.Expected, "QueueEmpty", TimeSpan.Zero);
            Handled(call, StepNames.ListQueue, OutcomeKind.Expected, "QueueEmpty");
            return;
        }

        var name = listed.Items[(int)(call.Index % Math.Min(listed.Items.Count, 5))].Conversation;
        var claimed = await call.Steps.TryAsync(StepNames.Claim, call, Stopwatch.GetTimestamp(), ct => OnADesk((_, conversations) =>
            conversations.ClaimConversationAsync(new Wire.ClaimConversationRequest { Name = name, AgentId = agent }, headers, deadline: _endpoints.Deadline(), cancellationToken: ct).ResponseAsync),
            expected: ConversationMovedOn).ConfigureAwait(false);
        if (claimed.Answer is null)
        {
            Handled(call, StepNames.Claim, claimed.Outcome, claimed.Status);
            return;
        }

        var replied = await call.Steps.TryAsync(StepNames.Reply, call, Stopwatch.GetTimestamp(), ct => OnADesk((_, conversations) =>
            conversations.PostReplyAsync(
                new Wire.PostReplyRequest { Name = name, AgentId = agent, Text = "Sorry about that! We've sent you a DM to sort it out.", RequestId = $"{RunId}-reply-{call.Index}" },
                headers,
                deadline: _endpoints.Deadline(),
                cancellationToken: ct).ResponseAsync),
            expected: ConversationMovedOn).ConfigureAwait(false);
        if (replied.Answer is null)
        {
            Handled(call, StepNames.Reply, replied.Outcome, replied.Status);
            return;
        }

        var resolved = await call.Steps.TryAsync(StepNames.Resolve, call, Stopwatch.GetTimestamp(), ct => OnADesk((_, conversations) =>
            conversations.ResolveConversationAsync(new Wire.ResolveConversationRequest { Name = name, AgentId = agent }, headers, deadline: _endpoints.Deadline(), cancellationToken: ct).ResponseAsync),
            expected: ConversationMovedOn).ConfigureAwait(false);
        Handled(call, StepNames.Resolve, resolved.Outcome, resolved.Status);
    }

    /// <summary>The agent's piece of work as one outcome, its latency from the moment it was due to its last answer (a failed one's too, apart).</summary>
    private static void Handled(FlowCall call, string lastStep, OutcomeKind outcome, string status) =>
        call.Steps[StepNames.Handle].Record(
            call.WarmUp,
            outcome,
            outcome == OutcomeKind.Ok ? "OK" : $"{lastStep}: {status}",
            Stopwatch.GetElapsedTime(call.ScheduledTimestamp));

    /// <summary>
    /// The conversation changed hands between reading the queue and acting on it: a colleague
    /// claimed or resolved it first. Desks meet this all the time; it is not a failure.
    /// </summary>
    private static bool ConversationMovedOn(StatusCode code) => code == StatusCode.FailedPrecondition;

    /// <summary>
    /// Reads back (up to <paramref name="sample"/>, evenly spread) the conversations the run
    /// opened and sorts their first responses: answered on time, answered late, unanswered and
    /// breached, or unanswered with the clock still running.
    /// </summary>
    public async Task<SlaOutcomes> ObserveSlaAsync(int sample, CancellationToken cancellation)
    {
        var opened = OpenedConversations.Order(StringComparer.Ordinal).ToList();
        var step = Math.Max(1, opened.Count / Math.Max(1, sample));
        var picked = opened.Where((_, i) => i % step == 0).Take(sample).ToList();
        // Answered on time, answered late, unanswered and breached, unanswered within target, unreadable.
        var counts = new int[5];
        await Parallel.ForEachAsync(picked, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellation }, async (name, ct) =>
        {
            try
            {
                var conversation = (await _endpoints.CallAsync(name.GetHashCode(StringComparison.Ordinal) & int.MaxValue, channel => new Wire.ConversationService.ConversationServiceClient(channel)
                    .GetConversationAsync(new Wire.GetConversationRequest { Name = name }, deadline: _endpoints.Deadline(), cancellationToken: ct).ResponseAsync).ConfigureAwait(false)).Conversation;
                var breach = conversation.SlaBreaches.Any(b => b.Kind == Wire.SlaClockKind.FirstResponse);
                var answered = conversation.FirstResponseTime is not null;
                Interlocked.Increment(ref counts[(answered, breach) switch { (true, false) => 0, (true, true) => 1, (false, true) => 2, _ => 3 }]);
            }
            catch (RpcException)
            {
                Interlocked.Increment(ref counts[4]);
            }
        }).ConfigureAwait(false);
        return new SlaOutcomes(opened.Count, picked.Count, counts[0], counts[1], counts[2], counts[3], counts[4]);
    }

    public ValueTask DisposeAsync() => _streams.DisposeAsync();
}

/// <summary>First-response outcomes of the conversations a run opened, read through the API.</summary>
internal sealed record SlaOutcomes(int Opened, int Sampled, int AnsweredOnTime, int AnsweredLate, int UnansweredBreached, int UnansweredWithinTarget, int Unreadable);

/// <summary>
/// What the run's mentions did, unary and streamed together: acknowledged, conversations they
/// opened, and duplicates (already stored, so no new work).
/// </summary>
internal sealed record MentionTally(long Acknowledged, long Opened, long Duplicates)
{
    /// <summary>Duplicates past which a run fails: a few are resends after a lost answer, more mean the run replayed mentions the tenant already had.</summary>
    public const double MaxDuplicateShare = 0.01;

    public bool TooManyDuplicates => Acknowledged > 0 && Duplicates > MaxDuplicateShare * Acknowledged;
}
