using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using SocialCare.Api.Access;
using SocialCare.Api.Audit;

namespace SocialCare.Api.Common;

/// <summary>Turns every failure escaping a service into a gRPC status a client developer can act on.</summary>
/// <remarks>
/// Also where every call is authorized (<see cref="AccessGate"/>), before its request is looked
/// at, where its caller is handed to the grains for the trail, and where a refusal is recorded
/// (<see cref="CallerAudit"/>).
/// </remarks>
public sealed partial class CareErrorInterceptor(AccessGate gate, CallerAudit audit, ILogger<CareErrorInterceptor> logger) : Interceptor
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
            CallerAudit.Attach(context, request as IMessage);
            Guard(request);
            return await continuation(request, context);
        }
        catch (RpcException refused)
        {
            await RecordIfDeniedAsync(refused.Status, request as IMessage, context);
            throw;
        }
        catch (Exception ex)
        {
            throw await TranslateAsync(ex, request as IMessage, context);
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
            CallerAudit.Attach(context, request as IMessage);
            Guard(request);
            await WhileCredentialHoldsAsync(context, bound => continuation(request, responseStream, bound));
        }
        catch (RpcException refused)
        {
            await RecordIfDeniedAsync(refused.Status, request as IMessage, context);
            throw;
        }
        catch (Exception ex)
        {
            throw await TranslateAsync(ex, request as IMessage, context);
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
            CallerAudit.Attach(context, null);
            // Each message of a stream is guarded by its service, which answers a bad one and goes on.
            await WhileCredentialHoldsAsync(context, bound => continuation(new ReadableRequestStream<TRequest>(requestStream), responseStream, bound));
        }
        catch (RpcException refused)
        {
            await RecordIfDeniedAsync(refused.Status, null, context);
            throw;
        }
        catch (Exception ex)
        {
            throw await TranslateAsync(ex, null, context);
        }
    }

    /// <summary>
    /// Runs a long-lived call with a context that is cancelled when its caller's credential lapses
    /// (<see cref="CredentialWatch"/>); a call that ended for that reason is answered
    /// UNAUTHENTICATED, whatever the service made of its cancellation.
    /// </summary>
    private static async Task WhileCredentialHoldsAsync(ServerCallContext context, Func<ServerCallContext, Task> call)
    {
        var http = context.GetHttpContext();
        if (AccessGate.TryCallerOf(context) is not { } caller || CredentialWatch.Start(caller, http) is not { } watch)
        {
            await call(context);
            return;
        }

        await using (watch)
        {
            using var either = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, watch.Ended);
            try
            {
                await call(new CredentialBoundCallContext(context, http, either.Token));
            }
            catch (Exception) when (watch.Reason is not null && !context.CancellationToken.IsCancellationRequested)
            {
                // Whatever the service threw on its way out, the caller is told why the call ended.
            }

            if (watch.Reason is { } reason && !context.CancellationToken.IsCancellationRequested)
            {
                throw new RpcException(new Status(StatusCode.Unauthenticated, reason));
            }
        }
    }

    private static void Guard<TRequest>(TRequest request)
    {
        if (request is IMessage message)
        {
            RequestGuard.Check(message);
        }
    }

    private async Task<RpcException> TranslateAsync(Exception exception, IMessage? request, ServerCallContext context)
    {
        var (status, _, expected) = CareStatus.From(exception);
        if (exception is OrleansMessageRejectionException or SiloUnavailableException)
        {
            // A silo that died or is leaving fails every call that reaches its grains until the
            // cluster declares it dead: the same cause thousands of times, so it is told once in
            // a while with how often, without a stack trace each.
            var count = Interlocked.Increment(ref _siloUnreachableCalls);
            if (Grains.Abstractions.SparseLog.IsDue(count))
            {
                LogSiloUnreachable(logger, count, context.Method, FirstLine(exception.Message));
            }
        }
        else if (!expected)
        {
            LogUnexpected(logger, exception, context.Method, status.StatusCode);
        }

        await RecordIfDeniedAsync(status, request, context);
        return CareStatus.ToRpcException(exception);
    }

    /// <summary>A refusal of who the caller is (PERMISSION_DENIED, or NOT_FOUND for another tenant) goes in the trail.</summary>
    private Task RecordIfDeniedAsync(Status status, IMessage? request, ServerCallContext context) =>
        status.StatusCode == StatusCode.PermissionDenied || AccessGate.RefusedTenantOf(context) is not null
            ? audit.RecordDenialAsync(context, request, status)
            : Task.CompletedTask;

    private static long _siloUnreachableCalls;

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "{Count} calls so far answered Unavailable because a silo could not be reached (the latest {Method}: {Reason}). Clients retry them; a dead silo's grains move to the others once membership declares it dead.")]
    private static partial void LogSiloUnreachable(ILogger logger, long count, string method, string reason);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "{Method} failed unexpectedly; answered {StatusCode}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, StatusCode statusCode);
}
