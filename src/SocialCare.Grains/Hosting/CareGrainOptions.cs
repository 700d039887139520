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

    /// <summary>How long a silo reuses a tenant's settings before asking the tenant grain again.</summary>
    public TimeSpan TenantCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many recent network message ids each author remembers to store redeliveries once.</summary>
    public int RememberedMentionsPerAuthor { get; set; } = 1000;

    /// <summary>Recent first-response times each queue shard keeps for wait estimates.</summary>
    public int WaitSamplesPerShard { get; set; } = 200;

    /// <summary>How long a queue watch subscription lives without renewal.</summary>
    public TimeSpan WatchLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest a conversation's SLA timer sleeps before re-checking (timers cannot span weeks).</summary>
    public TimeSpan MaxSlaTimerDelay { get; set; } = TimeSpan.FromHours(12);
}
