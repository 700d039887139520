namespace SocialCare.Testing.Networks;

/// <summary>
/// The one way tests wait for something that happens after the call that caused it (a connector's
/// send, an SLA sweep, a metric's export, a silo taking over): read until the condition holds,
/// within a bound, and fail naming what was awaited and the last value read. Never a fixed sleep.
/// What a caller sees right after its own change needs no waiting: see README, "What a caller sees".
/// </summary>
public static class Eventually
{
    /// <summary>Far beyond what any condition takes on a loaded CI machine; reached only when the code is wrong.</summary>
    public static readonly TimeSpan DefaultBound = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);

    /// <exception cref="TimeoutException">The condition did not hold within the bound.</exception>
    public static async Task<T> Get<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? bound = null, TimeSpan? pause = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(done);
        var limit = bound ?? DefaultBound;
        var until = DateTime.UtcNow + limit;
        var last = await read();
        while (!done(last))
        {
            if (DateTime.UtcNow >= until)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds:0} s for {what}; the last value read was: {last}");
            }

            await Task.Delay(pause ?? Pause);
            last = await read();
        }

        return last;
    }
}
