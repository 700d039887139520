using Grpc.Core;
using Orleans.Runtime;
using SocialCare.Domain.Errors;
using SocialCare.Grains.Abstractions;

namespace SocialCare.Api.Common;

/// <summary>The one place where failures become gRPC statuses.</summary>
public static class CareStatus
{
    /// <summary>Trailer naming the request field at fault, for INVALID_ARGUMENT.</summary>
    public const string FieldTrailer = "socialcare-field";

    /// <summary>Binary trailer with a blocked reply's findings (a serialized GuardrailFindings).</summary>
    public const string GuardrailsTrailer = "socialcare-guardrails-bin";

    /// <summary>
    /// Trailer on RESOURCE_EXHAUSTED: milliseconds to wait before retrying. It is the name gRPC's
    /// retry design gives server pushback, so a client whose retry policy lists RESOURCE_EXHAUSTED
    /// waits exactly that long by itself.
    /// </summary>
    public const string RetryPushbackTrailer = "grpc-retry-pushback-ms";

    /// <summary>The same wait in whole seconds (rounded up), as HTTP's Retry-After says it.</summary>
    public const string RetryAfterTrailer = "retry-after";

    public static (Status Status, string? Field, bool Expected) From(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is RpcException rpc)
        {
            return (rpc.Status, null, true);
        }

        if (CareException.TryReadKind(exception) is { } kind)
        {
            var field = exception.Data[CareException.FieldKey] as string;
            return (new Status(ToCode(kind), exception.Message), field, true);
        }

        return exception switch
        {
            OperationCanceledException => (new Status(StatusCode.Cancelled, "The call was cancelled."), null, true),
            _ when MemoryAdmission.IsOutOfMemory(exception) => (OutOfMemory, null, false),
            TimeoutException or OrleansMessageRejectionException or SiloUnavailableException =>
                (new Status(StatusCode.Unavailable, "SocialCare is briefly unable to serve this request (a silo is starting, stopping or busy). Retry; requests are idempotent where the API says so."), null, false),
            _ => (new Status(StatusCode.Internal, "An internal error occurred; it has been logged. Retrying may help."), null, false),
        };
    }

    /// <summary>
    /// The longest status message sent. It travels in an HTTP/2 trailer that clients cap (often
    /// at 8 or 16 KiB); a message past the cap is never read, and the call hangs to its deadline.
    /// </summary>
    public const int MaxDetailLength = 1_024;

    public static RpcException ToRpcException(Exception exception)
    {
        var (status, field, _) = From(exception);
        if (status.Detail.Length > MaxDetailLength)
        {
            status = new Status(status.StatusCode, string.Concat(status.Detail.AsSpan(0, MaxDetailLength - 1), "…"));
        }

        var trailers = new Metadata();
        if (field is not null)
        {
            trailers.Add(FieldTrailer, field);
        }

        if (CareException.Findings(exception) is { Count: > 0 } findings)
        {
            var details = new Wire.GuardrailFindings();
            details.Findings.AddRange(findings.Select(Conversations.ConversationMapping.ToProto));
            trailers.Add(GuardrailsTrailer, Google.Protobuf.MessageExtensions.ToByteArray(details));
        }

        if ((CareException.RetryAfter(exception) ?? (MemoryAdmission.IsOutOfMemory(exception) ? OutOfMemoryWait : null)) is { } wait)
        {
            trailers.Add(RetryPushbackTrailer, ((long)Math.Ceiling(wait.TotalMilliseconds)).ToString(System.Globalization.CultureInfo.InvariantCulture));
            trailers.Add(RetryAfterTrailer, ((long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return new RpcException(status, trailers, status.Detail);
    }

    /// <summary>How long a caller is asked to wait after a call ran out of memory: shedding's next step.</summary>
    public static readonly TimeSpan OutOfMemoryWait = TimeSpan.FromSeconds(1);

    /// <summary>What a call that ran out of memory is answered: retry shortly, here or elsewhere.</summary>
    public static Status OutOfMemory { get; } = new(StatusCode.Unavailable, $"SocialCare ran short of memory for this request. Retry after {OutOfMemoryWait.TotalSeconds:0} s (or on another silo); nothing of it was acknowledged.");

    private static StatusCode ToCode(CareErrorKind kind) => kind switch
    {
        CareErrorKind.InvalidArgument => StatusCode.InvalidArgument,
        CareErrorKind.NotFound => StatusCode.NotFound,
        CareErrorKind.FailedPrecondition => StatusCode.FailedPrecondition,
        CareErrorKind.AlreadyExists => StatusCode.AlreadyExists,
        CareErrorKind.Aborted => StatusCode.Aborted,
        CareErrorKind.PermissionDenied => StatusCode.PermissionDenied,
        CareErrorKind.ResourceExhausted => StatusCode.ResourceExhausted,
        _ => StatusCode.Unknown,
    };
}
