namespace SocialCare.Domain.Access;

/// <summary>
/// A machine's credential for one tenant, as stored: its secret only as a hash
/// (<see cref="ApiKeySecret"/>), so a copy of the database grants nothing.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ApiKeyRecord(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] CareRoles Roles,
    [property: Id(3)] IReadOnlyList<string>? Teams,
    [property: Id(4)] string? AgentId,
    [property: Id(5)] DateTimeOffset? ExpiresAt,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] string CreatedBy,
    [property: Id(8)] byte[] SecretHash)
{
    [Id(9)] public DateTimeOffset? RevokedAt { get; init; }
    [Id(10)] public string? RevokedBy { get; init; }

    /// <summary>The id its changes are recorded under when it names no agent.</summary>
    public string CallerId => $"key:{KeyId}";

    public bool IsUsable(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || now < ExpiresAt);
}
