using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SocialCare.Api.Access;
using SocialCare.Domain.Errors;

namespace SocialCare.Api.Limits;

/// <summary>
/// Token buckets per caller within a tenant and per tenant for each <see cref="RateBudget"/>. A call spends one
/// token from its caller's bucket and one from its tenant's; either empty refuses it with
/// RESOURCE_EXHAUSTED and how long to wait. A tenant's flood empties only that tenant's buckets,
/// so other tenants are served as before. Time is the care clock, so tests move it as they move
/// SLA time.
/// </summary>
public sealed class CareRateLimiter
{
    private readonly RateLimitOptions _options;
    private readonly TimeProvider _clock;
    private readonly double _ticksPerSecond;
    private readonly Dictionary<RateBudget, Buckets> _byCaller;
    private readonly Dictionary<RateBudget, Buckets> _byTenant;

    public CareRateLimiter(IOptions<RateLimitOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _clock = clock;
        _ticksPerSecond = clock.TimestampFrequency;
        _byCaller = new()
        {
            [RateBudget.Ingest] = new(_options.IngestPerCaller, _options.MaxTrackedCallers),
            [RateBudget.Replies] = new(_options.RepliesPerCaller, _options.MaxTrackedCallers),
        };
        _byTenant = new()
        {
            [RateBudget.Ingest] = new(_options.IngestPerTenant, _options.MaxTrackedCallers),
            [RateBudget.Replies] = new(_options.RepliesPerTenant, _options.MaxTrackedCallers),
        };
    }

    /// <summary>Spends one call of <paramref name="budget"/> for the caller on the tenant, or throws RESOURCE_EXHAUSTED.</summary>
    public void Spend(RateBudget budget, CareCaller caller, string tenantId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!_options.Enabled)
        {
            return;
        }

        var now = _clock.GetTimestamp();
        // A caller's bucket is its tenant's: people of two brands may share a handle ("jd"), and
        // one brand's flood must not refuse the other's agent. A key and a person may share an id
        // string; the kind keeps their buckets apart.
        var callerBucket = _byCaller[budget].For($"{tenantId}\n{caller.Kind}:{caller.CallerId}", now, _ticksPerSecond);
        if (!callerBucket.TryTake(now, _ticksPerSecond, out var wait))
        {
            throw Exhausted(budget, $"caller {caller.CallerId}", wait);
        }

        if (!_byTenant[budget].For(tenantId, now, _ticksPerSecond).TryTake(now, _ticksPerSecond, out wait))
        {
            callerBucket.Return();
            throw Exhausted(budget, $"tenant \"{tenantId}\"", wait);
        }
    }

    private static CareException Exhausted(RateBudget budget, string who, TimeSpan wait)
    {
        var what = budget == RateBudget.Ingest ? "mentions" : "replies";
        var retryAfter = wait == TimeSpan.MaxValue ? TimeSpan.FromMinutes(1) : wait;
        return CareException.Exhausted($"Too many {what} from {who}; retry in {Math.Ceiling(retryAfter.TotalMilliseconds):0} ms.", retryAfter);
    }

    /// <summary>One limit's buckets by partition key, bounded in number.</summary>
    private sealed class Buckets(TokenBucketLimit limit, int capacity)
    {
        private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);
        private readonly Lock _pruning = new();

        public TokenBucket For(string key, long now, double ticksPerSecond)
        {
            if (_buckets.TryGetValue(key, out var bucket))
            {
                return bucket;
            }

            if (_buckets.Count >= capacity)
            {
                Prune(now, ticksPerSecond);
            }

            return _buckets.GetOrAdd(key, _ => new TokenBucket(limit, now));
        }

        // Full buckets go first: dropping one forgets nothing. If every bucket is in use, the
        // oldest-looking half goes anyway, so a flood of distinct callers cannot grow memory
        // without bound; those callers start over with a full bucket.
        private void Prune(long now, double ticksPerSecond)
        {
            lock (_pruning)
            {
                if (_buckets.Count < capacity)
                {
                    return;
                }

                foreach (var (key, bucket) in _buckets)
                {
                    if (bucket.IsFull(now, ticksPerSecond))
                    {
                        _buckets.TryRemove(key, out _);
                    }
                }

                if (_buckets.Count >= capacity)
                {
                    foreach (var key in _buckets.Keys.Take(_buckets.Count / 2))
                    {
                        _buckets.TryRemove(key, out _);
                    }
                }
            }
        }
    }
}
