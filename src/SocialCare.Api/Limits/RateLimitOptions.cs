namespace SocialCare.Api.Limits;

/// <summary>
/// How fast one caller and one tenant may ingest and reply (section <c>SocialCare:RateLimits</c>).
/// The limits hold per silo: a client spread over N silos may reach N times them, which is what
/// lets a deployment grow its ceiling by adding silos.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "SocialCare:RateLimits";

    /// <summary>Off only where time does not pass (tests on a frozen clock) or for benchmarks of the ceiling.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Mentions per connector (key or person). A brand's connector usually carries its whole feed.</summary>
    public TokenBucketLimit IngestPerCaller { get; set; } = new() { PerSecond = 1_000, Burst = 10_000 };

    /// <summary>Mentions per tenant, however many connectors it has; a viral hour must fit in the burst.</summary>
    public TokenBucketLimit IngestPerTenant { get; set; } = new() { PerSecond = 2_000, Burst = 20_000 };

    /// <summary>Replies per caller: far above a person's pace, so only a runaway script meets it.</summary>
    public TokenBucketLimit RepliesPerCaller { get; set; } = new() { PerSecond = 10, Burst = 50 };

    public TokenBucketLimit RepliesPerTenant { get; set; } = new() { PerSecond = 200, Burst = 1_000 };

    /// <summary>Callers tracked at once per budget; past it, idle (full) buckets are dropped first, so memory stays bounded.</summary>
    public int MaxTrackedCallers { get; set; } = 100_000;
}

/// <summary>A token bucket: <see cref="Burst"/> calls at once, refilled at <see cref="PerSecond"/>.</summary>
public sealed class TokenBucketLimit
{
    public double PerSecond { get; set; }

    public int Burst { get; set; }
}
