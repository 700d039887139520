using SocialCare.Domain.Access;

namespace SocialCare.Api.Access;

/// <summary>Whom a token speaks for.</summary>
public sealed record TokenSubject(
    string AgentId,
    IReadOnlyList<string> Tenants,
    CareRoles Roles,
    IReadOnlyList<string>? Teams = null,
    AgentLocation Location = AgentLocation.Unspecified,
    string? DisplayName = null,
    string? Signature = null);
