using Grpc.Core;

namespace SocialCare.Api.Tests;

internal static class Expect
{
    /// <summary>The call fails with <paramref name="expected"/>; with a field, the trailer and the message name it.</summary>
    public static async Task<RpcException> Fails<T>(AsyncUnaryCall<T> call, StatusCode expected, string? field = null)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(expected, ex.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(ex.Status.Detail));
        if (field is not null)
        {
            Assert.Equal(field, ex.Trailers.GetValue("socialcare-field"));
            Assert.Contains(field, ex.Status.Detail, StringComparison.Ordinal);
        }

        return ex;
    }
}
