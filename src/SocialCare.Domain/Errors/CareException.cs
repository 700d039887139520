namespace SocialCare.Domain.Errors;

/// <summary>
/// A rule of the care domain refused a request. The message is written for the client developer
/// who will read it in a gRPC status.
/// </summary>
/// <remarks>
/// Kind and field are also kept in <see cref="Exception.Data"/>: exceptions cross grain calls
/// through Orleans' exception codec, which keeps Data even where it cannot rebuild the type.
/// </remarks>
public sealed class CareException : Exception
{
    public const string KindKey = "socialcare.kind";
    public const string FieldKey = "socialcare.field";
    public const string RetryAfterKey = "socialcare.retryAfterMs";

    public CareException()
        : this(CareErrorKind.FailedPrecondition, "The request was refused.")
    {
    }

    public CareException(string message)
        : this(CareErrorKind.FailedPrecondition, message)
    {
    }

    public CareException(string message, Exception innerException)
        : base(message, innerException)
    {
        Data[KindKey] = CareErrorKind.FailedPrecondition.ToString();
    }

    public CareException(CareErrorKind kind, string message, string? field = null)
        : base(message)
    {
        Data[KindKey] = kind.ToString();
        if (field is not null)
        {
            Data[FieldKey] = field;
        }
    }

    public CareErrorKind Kind => TryReadKind(this) ?? CareErrorKind.FailedPrecondition;

    public string? Field => Data[FieldKey] as string;

    public static CareException Invalid(string field, string message) =>
        new(CareErrorKind.InvalidArgument, $"{field}: {message}", field);

    /// <param name="field">The request field that named what is missing, when one did.</param>
    public static CareException NotFound(string what, string? field = null) =>
        new(CareErrorKind.NotFound, field is null ? $"{what} was not found." : $"{field}: {what} was not found.", field);

    /// <summary>The caller is known but may not do this; the message says what it lacks.</summary>
    public static CareException Denied(string? field, string message) =>
        new(CareErrorKind.PermissionDenied, field is null ? message : $"{field}: {message}", field);

    /// <summary>A limit was met: the same call may succeed after <paramref name="retryAfter"/>.</summary>
    public static CareException Exhausted(string message, TimeSpan retryAfter)
    {
        var exception = new CareException(CareErrorKind.ResourceExhausted, message);
        exception.Data[RetryAfterKey] = (long)Math.Ceiling(retryAfter.TotalMilliseconds);
        return exception;
    }

    /// <summary>How long to wait before retrying, for a RESOURCE_EXHAUSTED refusal.</summary>
    public static TimeSpan? RetryAfter(Exception exception) =>
        exception?.Data[RetryAfterKey] is long ms ? TimeSpan.FromMilliseconds(ms) : null;

    public static CareException Precondition(string message) =>
        new(CareErrorKind.FailedPrecondition, message);

    /// <summary>Reads the care error kind from any exception that carries one in its data.</summary>
    public static CareErrorKind? TryReadKind(Exception exception) =>
        exception.Data[KindKey] is string text && Enum.TryParse<CareErrorKind>(text, out var kind) ? kind : null;
}
