using System.Globalization;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SocialCare.Api.Common;

/// <summary>
/// Requests that cannot be read (malformed protobuf, a string that is not UTF-8, an empty body,
/// two messages on a unary call, a compressed message without its encoding) are the client's
/// error and are answered INVALID_ARGUMENT. grpc-dotnet reads a unary or server-streaming
/// request before any interceptor runs and answers such failures UNKNOWN ("Exception was thrown
/// by handler") or INTERNAL, which tells a client developer nothing and reads as our fault. So:
/// every call is marked when it reaches <see cref="CareErrorInterceptor"/>; a call that ends
/// UNKNOWN or INTERNAL without having reached it failed while its request was read, and its
/// status is rewritten before the response starts. Streams read inside the handler are covered
/// by <see cref="ReadableRequestStream{T}"/>.
/// </summary>
public static class UnreadableRequests
{
    public const string UnreadableMessage =
        "The request could not be read: it is not one well-formed gRPC message of this method's request type (malformed protobuf, a string that is not valid UTF-8, an empty body, more than one message, or a compressed message without its grpc-encoding).";

    private const string StatusHeader = "grpc-status";
    private const string MessageHeader = "grpc-message";

    /// <summary>Adds the rewrite; call before the gRPC endpoints are mapped.</summary>
    public static IApplicationBuilder UseSocialCareRequestErrors(this IApplicationBuilder app) =>
        app.Use(static async (context, next) =>
        {
            if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true)
            {
                await next(context);
                return;
            }

            var reached = new HandlerReached();
            context.Features.Set(reached);
            context.Response.OnStarting(static state =>
            {
                var (response, reached) = ((HttpResponse, HandlerReached))state;
                Rewrite(response.Headers, reached);
                return Task.CompletedTask;
            }, (context.Response, reached));
            try
            {
                await next(context);
            }
            catch (Exception failure) when (Grains.Abstractions.MemoryAdmission.IsOutOfMemory(failure) && !context.Response.HasStarted)
            {
                // Out of memory before a handler answered (authenticating, reading the request):
                // the same retryable answer a handler gives, not ASP.NET Core's HTTP 500, which a
                // client cannot tell from a bug. Trailers-only, as gRPC answers a call it refuses.
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "application/grpc";
                context.Response.Headers["grpc-status"] = ((int)CareStatus.OutOfMemory.StatusCode).ToString(CultureInfo.InvariantCulture);
                context.Response.Headers["grpc-message"] = CareStatus.OutOfMemory.Detail;
                context.Response.Headers[CareStatus.RetryPushbackTrailer] = ((long)CareStatus.OutOfMemoryWait.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            }
        });

    /// <summary>Called by the interceptor: this call's request was read, so any later status is the handler's own.</summary>
    public static void MarkReached(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.GetHttpContext().Features.Get<HandlerReached>() is { } reached)
        {
            reached.Value = true;
        }
    }

    /// <summary>Whether an exception thrown while reading a request means the request itself was bad.</summary>
    public static bool IsUnreadable(Exception exception) => exception switch
    {
        // Malformed protobuf, strings that are not UTF-8, a frame header with a bad compressed
        // flag, a compressed message that does not decompress.
        InvalidProtocolBufferException or DecoderFallbackException or InvalidDataException => true,
        RpcException { StatusCode: StatusCode.Internal or StatusCode.Unknown } => true,
        _ => false,
    };

    /// <summary>The INVALID_ARGUMENT that replaces a read failure.</summary>
    public static RpcException Unreadable(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var detail = exception is RpcException rpc && !string.IsNullOrEmpty(rpc.Status.Detail)
            ? $"{UnreadableMessage} ({Bounded(rpc.Status.Detail)})"
            : UnreadableMessage;
        return new RpcException(new Status(StatusCode.InvalidArgument, detail));
    }

    private static void Rewrite(IHeaderDictionary headers, HandlerReached reached)
    {
        if (reached.Value || !headers.TryGetValue(StatusHeader, out var status))
        {
            return;
        }

        var code = status.ToString();
        if (code != ((int)StatusCode.Unknown).ToString(System.Globalization.CultureInfo.InvariantCulture)
            && code != ((int)StatusCode.Internal).ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            return;
        }

        headers[StatusHeader] = ((int)StatusCode.InvalidArgument).ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers[MessageHeader] = UnreadableMessage;
    }

    private static string Bounded(string detail) => detail.Length <= 200 ? detail : detail[..200];

    private sealed class HandlerReached
    {
        public bool Value { get; set; }
    }
}
