namespace SocialCare.Api.Limits;

/// <summary>
/// One bucket of a limit. Tokens are refilled lazily from the clock when someone asks, so an idle
/// bucket costs nothing but its few fields.
/// </summary>
internal sealed class TokenBucket(TokenBucketLimit limit, long now)
{
    private readonly Lock _gate = new();
    private double _tokens = limit.Burst;
    private long _refilledAt = now;

    /// <summary>Takes one token, or says how long until one is there.</summary>
    public bool TryTake(long now, double ticksPerSecond, out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            Refill(now, ticksPerSecond);
            if (_tokens >= 1)
            {
                _tokens -= 1;
                retryAfter = TimeSpan.Zero;
                return true;
            }

            retryAfter = limit.PerSecond <= 0
                ? TimeSpan.MaxValue
                : TimeSpan.FromSeconds((1 - _tokens) / limit.PerSecond);
            return false;
        }
    }

    /// <summary>Returns a token taken for a call that another bucket then refused, so the caller is not charged for it.</summary>
    public void Return()
    {
        lock (_gate)
        {
            _tokens = Math.Min(limit.Burst, _tokens + 1);
        }
    }

    /// <summary>A full bucket remembers nothing a new one would not: it can be dropped.</summary>
    public bool IsFull(long now, double ticksPerSecond)
    {
        lock (_gate)
        {
            Refill(now, ticksPerSecond);
            return _tokens >= limit.Burst;
        }
    }

    private void Refill(long now, double ticksPerSecond)
    {
        if (now > _refilledAt)
        {
            _tokens = Math.Min(limit.Burst, _tokens + ((now - _refilledAt) / ticksPerSecond * limit.PerSecond));
            _refilledAt = now;
        }
    }
}
