namespace SocialCare.Grains.Tests;

/// <summary>Waits for a condition with a bound, instead of sleeping for a fixed time.</summary>
internal static class Eventually
{
    public static async Task<T> Get<T>(Func<Task<T>> read, Func<T, bool> done, string what, int timeoutSeconds = 15)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        var last = await read();
        while (!done(last))
        {
            if (timeout.IsCancellationRequested)
            {
                Assert.Fail($"Timed out after {timeoutSeconds} s waiting for {what}; last value: {last}");
            }

            await Task.Delay(20);
            last = await read();
        }

        return last;
    }
}
