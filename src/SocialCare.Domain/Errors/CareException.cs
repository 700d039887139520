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

    /// <summary>A blocked reply's guardrail findings, as JSON (Data keeps only simple values across grain calls).</summary>
    public const string FindingsKey = "socialcare.findings";

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

    /// <summary>A reply the tenant's guardrails refuse; the findings travel with the refusal.</summary>
    public static CareException Blocked(Guardrails.GuardrailVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var first = verdict.Blocking[0];
        var more = verdict.Blocking.Count > 1 ? $" (and {verdict.Blocking.Count - 1} more finding(s))" : "";
        var exception = new CareException(CareErrorKind.FailedPrecondition, $"The reply was not sent: {Describe(first)}{more}. {first.Suggestion}");
        exception.Data[FindingsKey] = System.Text.Json.JsonSerializer.Serialize(verdict.Blocking);
        return exception;
    }

    /// <summary>A blocked reply's findings, from any exception that carries them.</summary>
    public static IReadOnlyList<Guardrails.GuardrailFinding> Findings(Exception exception) =>
        exception?.Data[FindingsKey] is string json
            ? System.Text.Json.JsonSerializer.Deserialize<List<Guardrails.GuardrailFinding>>(json) ?? []
            : [];

    private static string Describe(Guardrails.GuardrailFinding finding) => finding.Kind switch
    {
        Guardrails.FindingKind.PaymentCard => $"it contains a payment card number ({finding.Excerpt}) in public",
        Guardrails.FindingKind.Iban => $"it contains a bank account number ({finding.Excerpt})",
        Guardrails.FindingKind.Email => $"it contains an e-mail address ({finding.Excerpt})",
        Guardrails.FindingKind.Phone => $"it contains a phone number ({finding.Excerpt})",
        Guardrails.FindingKind.TenantIdentifier => $"it contains one of the brand's customer identifiers ({finding.Excerpt})",
        Guardrails.FindingKind.Profanity => $"it contains \"{finding.Excerpt}\"",
        Guardrails.FindingKind.ForbiddenPromise => $"it makes a promise the brand does not allow (\"{finding.Excerpt}\")",
        Guardrails.FindingKind.SignatureOnly => "it holds nothing but the signature",
        Guardrails.FindingKind.TooManyLinks => "it has more links than the brand allows",
        _ => $"it breaks the brand's rules ({finding.Kind})",
    };

    /// <summary>Reads the care error kind from any exception that carries one in its data.</summary>
    public static CareErrorKind? TryReadKind(Exception exception) =>
        exception.Data[KindKey] is string text && Enum.TryParse<CareErrorKind>(text, out var kind) ? kind : null;
}
