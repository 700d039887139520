using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Deliveries;
using SocialCare.Domain.Sla;
using SocialCare.Grains.Abstractions;

namespace SocialCare.Grains.Hosting;

/// <summary>
/// The care desk's instruments, on the "SocialCare" meter so OpenTelemetry exports them. They
/// carry the tenant and, where a conversation has one, the team, so a brand's desk can be watched
/// on its own; never an author, a handle or a text. Names follow OpenTelemetry's conventions
/// (dotted, unit apart: durations in seconds).
/// </summary>
public sealed class CareMetrics
{
    public const string MeterName = "SocialCare";

    private readonly Counter<long> _mentions;
    private readonly Counter<long> _replies;
    private readonly Counter<long> _breaches;
    private readonly Counter<long> _resolved;
    private readonly Counter<long> _deliveryReports;
    private readonly Counter<long> _triageFailures;
    private readonly Counter<long> _droppedForMemory;
    private readonly Histogram<double> _firstResponse;
    private readonly Histogram<double> _resolution;

    /// <summary>Each team's queue depth, as the queue shards on this silo hold it (summed over shards).</summary>
    private readonly ConcurrentDictionary<(string Tenant, string Team, int Shard), int> _queueDepths = new();

    /// <summary>Each team's conversations near their next SLA deadline, as the queue shards on this silo last counted them.</summary>
    private readonly ConcurrentDictionary<(string Tenant, string Team, int Shard), int> _atRisk = new();

    public CareMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _mentions = meter.CreateCounter<long>("socialcare.mentions.ingested", "{mention}", "Mentions ingested, by tenant, channel and outcome (opened, joined, reopened, duplicate, not_tracked).");
        _replies = meter.CreateCounter<long>("socialcare.replies.posted", "{reply}", "Agent replies posted, by tenant, team, channel and visibility.");
        _breaches = meter.CreateCounter<long>("socialcare.sla.breaches", "{breach}", "SLA breaches detected, by tenant, team and clock.");
        _resolved = meter.CreateCounter<long>("socialcare.conversations.resolved", "{conversation}", "Conversations resolved, by tenant and team.");
        _deliveryReports = meter.CreateCounter<long>("socialcare.deliveries.reports", "{report}", "Senders' reports on reply deliveries, by tenant, channel, outcome and the state they left.");
        _triageFailures = meter.CreateCounter<long>("socialcare.triage.failures", "{message}", "Messages a classifier failed to read (stored all the same), by tenant and classifier.");
        _droppedForMemory = meter.CreateCounter<long>("socialcare.activations.dropped_for_memory", "{activation}", "Activations dropped because a call ran out of memory (activated again from the journal on their next call), by grain type.");
        _firstResponse = meter.CreateHistogram<double>("socialcare.first_response.duration", "s", "Time from a conversation's (re)opening to its first answer, by tenant and team.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _resolution = meter.CreateHistogram<double>("socialcare.resolution.duration", "s", "Time from a conversation's opening to its resolution, by tenant and team.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        meter.CreateObservableGauge("socialcare.queue.depth", () => Observe(_queueDepths), "{conversation}", "Open conversations in each team's queue, as the queue shards on this silo hold them.");
        meter.CreateObservableGauge("socialcare.sla.at_risk", () => Observe(_atRisk), "{conversation}", "Open conversations whose next SLA deadline is within the warning window and not yet breached, by tenant and team: the pre-breach warning.");
    }

    /// <summary>Care-desk durations: a minute to a week, not the milliseconds the default buckets are made for.</summary>
    private static readonly double[] DurationBuckets = [30, 60, 300, 900, 1800, 3600, 7200, 14400, 28800, 86400, 259200, 604800];

    public void MentionIngested(string tenantId, Channel channel, string outcome) =>
        _mentions.Add(1, new("tenant", tenantId), new("channel", channel.ToString()), new("outcome", outcome));

    public void TriageFailed(string tenantId, string classifier) =>
        _triageFailures.Add(1, new("tenant", tenantId), new("classifier", classifier));

    public void ActivationDroppedForMemory(string grainType) =>
        _droppedForMemory.Add(1, new KeyValuePair<string, object?>("grain_type", grainType));

    public void ReplyPosted(string tenantId, string teamId, Channel channel, Visibility visibility) =>
        _replies.Add(1, new("tenant", tenantId), new("team", teamId), new("channel", channel.ToString()), new("visibility", visibility.ToString()));

    /// <summary>A first answer of a (re)opened conversation, after <paramref name="waited"/>.</summary>
    public void FirstResponded(string tenantId, string teamId, TimeSpan waited) =>
        _firstResponse.Record(Math.Max(0, waited.TotalSeconds), new("tenant", tenantId), new("team", teamId));

    public void Breached(string tenantId, string teamId, SlaClockKind kind) =>
        _breaches.Add(1, new("tenant", tenantId), new("team", teamId), new("clock", kind.ToString()));

    public void Resolved(string tenantId, string teamId, TimeSpan open)
    {
        _resolved.Add(1, new("tenant", tenantId), new("team", teamId));
        _resolution.Record(Math.Max(0, open.TotalSeconds), new("tenant", tenantId), new("team", teamId));
    }

    public void DeliveryReported(string tenantId, Channel channel, DeliveryOutcome outcome, DeliveryState state) =>
        _deliveryReports.Add(
            1,
            new KeyValuePair<string, object?>("tenant", tenantId),
            new KeyValuePair<string, object?>("channel", channel.ToString()),
            new KeyValuePair<string, object?>("outcome", outcome.ToString()),
            new KeyValuePair<string, object?>("state", state.ToString()));

    /// <summary>A queue shard says how many conversations it holds.</summary>
    public void QueueDepth(string tenantId, string teamId, int shard, int depth) => _queueDepths[(tenantId, teamId, shard)] = depth;

    /// <summary>A queue shard says how many of its conversations are at risk of breaching.</summary>
    public void SlaAtRisk(string tenantId, string teamId, int shard, int count) => _atRisk[(tenantId, teamId, shard)] = count;

    /// <summary>A queue shard deactivated: another silo's activation reports it from now on, so this silo forgets it.</summary>
    public void QueueShardGone(string tenantId, string teamId, int shard)
    {
        _queueDepths.TryRemove((tenantId, teamId, shard), out _);
        _atRisk.TryRemove((tenantId, teamId, shard), out _);
    }

    private static IEnumerable<Measurement<int>> Observe(ConcurrentDictionary<(string Tenant, string Team, int Shard), int> counts) =>
        counts.GroupBy(p => (p.Key.Tenant, p.Key.Team))
            .Select(team => new Measurement<int>(team.Sum(p => p.Value), new("tenant", team.Key.Tenant), new("team", team.Key.Team)));
}
