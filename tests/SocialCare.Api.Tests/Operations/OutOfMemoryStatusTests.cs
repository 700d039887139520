using System.Globalization;
using Grpc.Core;
using SocialCare.Api.Common;

namespace SocialCare.Api.Tests.Operations;

/// <summary>A call that ran out of memory tells its caller to back off and retry; it is never INTERNAL.</summary>
public sealed class OutOfMemoryStatusTests
{
    public static TheoryData<Exception> Failures => new()
    {
        new OutOfMemoryException(),
        // As Orleans passes a grain's failure on: inside the exception of the call.
        new Orleans.Runtime.OrleansException("Failed to address message", new OutOfMemoryException()),
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Out_of_memory_is_unavailable_with_a_retry_after(Exception failure)
    {
        var status = CareStatus.ToRpcException(failure);

        Assert.Equal(StatusCode.Unavailable, status.StatusCode);
        Assert.Contains("memory", status.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1000, long.Parse(status.Trailers.GetValue(CareStatus.RetryPushbackTrailer)!, CultureInfo.InvariantCulture));
        Assert.Equal("1", status.Trailers.GetValue(CareStatus.RetryAfterTrailer));
    }
}
