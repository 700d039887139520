namespace SocialCare.Domain.Audit;

/// <summary>Who is behind a call, as the trail names them: the API's verified caller, carried to the grains with the call.</summary>
/// <param name="CallerId">The agent id of a person, "key:{id}" for a key.</param>
/// <param name="Roles">The caller's roles, space-separated.</param>
/// <param name="Location">"office", "remote" or "unspecified".</param>
/// <param name="RequestId">The request's id (the client's request_id where it sends one, else the server's trace id).</param>
[GenerateSerializer, Immutable]
public sealed record AuditActor(
    [property: Id(0)] string CallerId,
    [property: Id(1)] string Roles,
    [property: Id(2)] string Location,
    [property: Id(3)] string RequestId)
{
    /// <summary>Work no caller asked for (a deadline sweep), or a grain called without the API.</summary>
    public static readonly AuditActor System = new("system", "system", "unspecified", "");

    /// <summary>An entry of this caller's action; <paramref name="actor"/> and <paramref name="actedBy"/> when a change is attributed to an agent.</summary>
    public AuditEntry Entry(
        string tenantId,
        DateTimeOffset at,
        string action,
        string target,
        string? conversationId = null,
        string detail = "",
        AuditOutcome outcome = AuditOutcome.Succeeded,
        string? actor = null,
        string? actedBy = null) =>
        new(
            tenantId,
            AuditEntry.Truncate(at),
            actor ?? CallerId,
            actedBy,
            Roles,
            Location,
            action,
            target,
            conversationId,
            RequestId,
            outcome,
            detail);
}
