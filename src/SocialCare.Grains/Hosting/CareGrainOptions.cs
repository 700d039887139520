namespace SocialCare.Grains.Hosting;

/// <summary>Settings of the grain layer, bound from "SocialCare:Grains".</summary>
public sealed class CareGrainOptions
{
    public const string Section = "SocialCare:Grains";

    /// <summary>
    /// Shards per team queue. Changing it on a running deployment strands items in the old
    /// shards, so it is set once per deployment.
    /// </summary>
    public int QueueShardsPerTeam { get; set; } = 4;

    /// <summary>
    /// How many open conversations each queue shard holds in memory: the head of its queue in
    /// work order, which is what desks list. Beyond the head, listings and counts read the
    /// journal, so a shard's memory stays bounded however long a team's queue grows (a viral
    /// day's hundreds of thousands of openings). An item costs about 1 KB held.
    /// </summary>
    public int QueueShardHeadSize { get; set; } = 5_000;

    /// <summary>How long a silo reuses a tenant's settings before asking the tenant grain again.</summary>
    public TimeSpan TenantCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many recent network message ids each author remembers to store redeliveries once.</summary>
    public int RememberedMentionsPerAuthor { get; set; } = 1000;

    /// <summary>Recent first-response times each queue shard keeps for wait estimates.</summary>
    public int WaitSamplesPerShard { get; set; } = 200;

    /// <summary>How long a queue watch subscription lives without renewal.</summary>
    public TimeSpan WatchLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How often each silo looks for conversations with an SLA deadline due: a breach is
    /// recorded at most this long after its deadline (plus failure detection when a silo died).
    /// </summary>
    public TimeSpan SlaSweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How close to its next SLA deadline an open conversation counts as at risk (the
    /// <c>socialcare.sla.at_risk</c> gauge): the warning a desk lead acts on before the breach.
    /// </summary>
    public TimeSpan SlaWarningWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often each queue shard recounts its conversations at risk.</summary>
    public TimeSpan SlaWarningRefresh { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many due conversations one sweep query wakes at a time.</summary>
    public int SlaSweepBatchSize { get; set; } = 500;

    /// <summary>
    /// How long audit entries are kept; zero (the default) keeps them forever. Retention removes
    /// whole segments of a tenant's oldest entries and records each cut in the chain.
    /// </summary>
    public TimeSpan AuditRetention { get; set; } = TimeSpan.Zero;

    /// <summary>Entries per retention segment: a cut removes whole segments, never part of one.</summary>
    public int AuditSegmentSize { get; set; } = 10_000;

    /// <summary>How often each silo looks for segments past retention.</summary>
    public TimeSpan AuditRetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The wait before a failed delivery's first retry; each further failure doubles it (with jitter).</summary>
    public TimeSpan DeliveryRetryFirstDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between retries of a delivery, and the longest a network's rate-limit hint is honoured.</summary>
    public TimeSpan DeliveryRetryMaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long a sender holds a delivery it took before reporting on it; after that another
    /// sender may take it (the first one died or hung), so the reply may reach the network twice.
    /// Longer than a network call with its timeouts, short enough that a crash delays replies little.
    /// </summary>
    public TimeSpan DeliveryLease { get; set; } = TimeSpan.FromSeconds(30);
}
