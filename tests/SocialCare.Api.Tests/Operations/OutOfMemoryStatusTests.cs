using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task Out_of_memory_before_a_handler_answers_is_the_same_retryable_grpc_status_not_an_http_500()
    {
        // Running out while authenticating or reading the request, before any gRPC handler: the
        // pipeline's first step answers, as the handler would have.
        var app = new ApplicationBuilder(new ServiceCollection().BuildServiceProvider());
        app.UseSocialCareRequestErrors();
        app.Run(_ => throw new OutOfMemoryException());
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/grpc";

        await app.Build()(context);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal("application/grpc", context.Response.ContentType);
        Assert.Equal(((int)StatusCode.Unavailable).ToString(CultureInfo.InvariantCulture), context.Response.Headers["grpc-status"].ToString());
        Assert.Contains("memory", context.Response.Headers["grpc-message"].ToString(), StringComparison.Ordinal);
        Assert.Equal("1000", context.Response.Headers[CareStatus.RetryPushbackTrailer].ToString());

        // Anything else is not the pipeline's to answer.
        var other = new ApplicationBuilder(new ServiceCollection().BuildServiceProvider());
        other.UseSocialCareRequestErrors();
        other.Run(_ => throw new InvalidOperationException("a bug"));
        var failing = new DefaultHttpContext();
        failing.Request.ContentType = "application/grpc";
        await Assert.ThrowsAsync<InvalidOperationException>(() => other.Build()(failing));
    }
}
