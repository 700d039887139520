using Grpc.Core;

namespace SocialCare.Api.Tests;

internal static class StreamReading
{
    /// <summary>The stream's next message that matches, skipping others; fails if the stream ends first.</summary>
    public static async Task<T> NextAsync<T>(this IAsyncStreamReader<T> stream, Func<T, bool> match, CancellationToken cancellation)
    {
        while (await stream.MoveNext(cancellation))
        {
            if (match(stream.Current))
            {
                return stream.Current;
            }
        }

        throw new InvalidOperationException("The stream ended before the expected message.");
    }
}
