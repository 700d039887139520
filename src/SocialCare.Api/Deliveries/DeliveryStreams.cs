using System.Collections.Concurrent;
using System.Threading.Channels;

namespace SocialCare.Api.Deliveries;

/// <summary>
/// This host's open delivery streams: what each holds leased and unreported (its flow control:
/// a stream leases more only as its sender reports), and the wake-ups that spare a stream its
/// poll when there is work (a reply posted here, a report freeing room).
/// </summary>
/// <param name="careClock">The clock leases are written in (the grains' care clock).</param>
public sealed class DeliveryStreams(TimeProvider careClock)
{
    /// <summary>The most deliveries one stream may hold unreported.</summary>
    public const int MaxInFlight = 500;

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Sender, byte>> _byTenant = new(StringComparer.Ordinal);

    /// <summary>Opens a stream's record; dispose it when the stream ends.</summary>
    public Sender Open(string tenantId, int maxInFlight)
    {
        var sender = new Sender(this, careClock, tenantId, maxInFlight);
        _byTenant.GetOrAdd(tenantId, _ => new()).TryAdd(sender, 0);
        return sender;
    }

    /// <summary>Tells the tenant's streams that a delivery may be due (a reply was posted through this host).</summary>
    public void Wake(string tenantId)
    {
        if (_byTenant.TryGetValue(tenantId, out var senders))
        {
            foreach (var sender in senders.Keys)
            {
                sender.Wake();
            }
        }
    }

    /// <summary>A report on a delivery: the stream that holds it (on this host) has room again.</summary>
    public void Reported(string tenantId, string deliveryId)
    {
        if (_byTenant.TryGetValue(tenantId, out var senders))
        {
            foreach (var sender in senders.Keys)
            {
                if (sender.Release(deliveryId))
                {
                    sender.Wake();
                    return;
                }
            }
        }
    }

    private void Close(Sender sender)
    {
        if (_byTenant.TryGetValue(sender.TenantId, out var senders))
        {
            senders.TryRemove(sender, out _);
        }
    }

    /// <summary>One open stream.</summary>
    public sealed class Sender : IDisposable
    {
        private readonly DeliveryStreams _owner;
        private readonly TimeProvider _clock;
        private readonly int _maxInFlight;
        private readonly Lock _gate = new();

        /// <summary>Leased and unreported deliveries, with when each lease runs out (after which the outbox hands it to anyone).</summary>
        private readonly Dictionary<string, DateTimeOffset> _held = new(StringComparer.Ordinal);

        private readonly Channel<bool> _wakeUps = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

        internal Sender(DeliveryStreams owner, TimeProvider clock, string tenantId, int maxInFlight)
        {
            _owner = owner;
            _clock = clock;
            TenantId = tenantId;
            _maxInFlight = maxInFlight;
        }

        public string TenantId { get; }

        /// <summary>How many more deliveries the stream may take now.</summary>
        public int Room()
        {
            var now = _clock.GetUtcNow();
            lock (_gate)
            {
                foreach (var expired in _held.Where(h => h.Value <= now).Select(h => h.Key).ToList())
                {
                    _held.Remove(expired);
                }

                return _maxInFlight - _held.Count;
            }
        }

        public void Hold(string deliveryId, DateTimeOffset? leaseEnds)
        {
            lock (_gate)
            {
                _held[deliveryId] = leaseEnds ?? _clock.GetUtcNow();
            }
        }

        internal bool Release(string deliveryId)
        {
            lock (_gate)
            {
                return _held.Remove(deliveryId);
            }
        }

        internal void Wake() => _wakeUps.Writer.TryWrite(true);

        /// <summary>Waits for a wake-up or <paramref name="poll"/>, whichever comes first.</summary>
        public async Task WaitAsync(TimeSpan poll, CancellationToken cancellationToken)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(poll);
            try
            {
                await _wakeUps.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The poll interval passed without a wake-up: look at the outbox anyway.
            }
        }

        public void Dispose() => _owner.Close(this);
    }
}
