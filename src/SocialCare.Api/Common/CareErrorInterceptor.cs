using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using SocialCare.Api.Access;

namespace SocialCare.Api.Common;

/// <summary>Turns every failure escaping a service into a gRPC status a client developer can act on.</summary>
/// <remarks>Also where every call is authorized (<see cref="AccessGate"/>), before its request is looked at.</remarks>
public sealed partial class CareErrorInterceptor(AccessGate gate, ILogger<CareErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request,
        ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        UnreadableRequests.MarkReached(context);
        try
        {
            gate.Authorize(request as IMessage, context);
            Guard(request);
            return await continuation(request, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Translate(ex, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request,
        IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        UnreadableRequests.MarkReached(context);
        try
        {
            gate.Authorize(request as IMessage, context);
            Guard(request);
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Translate(ex, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        UnreadableRequests.MarkReached(context);
        try
        {
            gate.Authorize(null, context);
            // Each message of a stream is guarded by its service, which answers a bad one and goes on.
            await continuation(new ReadableRequestStream<TRequest>(requestStream), responseStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Translate(ex, context);
        }
    }

    private static void Guard<TRequest>(TRequest request)
    {
        if (request is IMessage message)
        {
            RequestGuard.Check(message);
        }
    }

    private RpcException Translate(Exception exception, ServerCallContext context)
    {
        var (status, _, expected) = CareStatus.From(exception);
        if (!expected)
        {
            LogUnexpected(logger, exception, context.Method, status.StatusCode);
        }

        return CareStatus.ToRpcException(exception);
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "{Method} failed unexpectedly; answered {StatusCode}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, StatusCode statusCode);
}
