namespace SocialCare.Domain.Errors;

/// <summary>The kinds of failure a client can act on; the API maps each to one gRPC status.</summary>
public enum CareErrorKind
{
    InvalidArgument = 1,
    NotFound = 2,
    FailedPrecondition = 3,
    AlreadyExists = 4,
    Aborted = 5,
    PermissionDenied = 6,

    /// <summary>A rate limit was met; the exception says when to retry.</summary>
    ResourceExhausted = 7,
}
