using Grpc.Core;

namespace SocialCare.Api.Common;

/// <summary>
/// A client stream whose unreadable messages (see <see cref="UnreadableRequests"/>) end the call
/// with INVALID_ARGUMENT instead of UNKNOWN or INTERNAL.
/// </summary>
public sealed class ReadableRequestStream<T>(IAsyncStreamReader<T> inner) : IAsyncStreamReader<T>
{
    public T Current => inner.Current;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        try
        {
            return await inner.MoveNext(cancellationToken);
        }
        catch (Exception ex) when (UnreadableRequests.IsUnreadable(ex))
        {
            throw UnreadableRequests.Unreadable(ex);
        }
    }
}
