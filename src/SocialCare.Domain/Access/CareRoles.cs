namespace SocialCare.Domain.Access;

/// <summary>
/// What a caller may do. A caller holds a set of roles for each tenant it is trusted with; the
/// API declares which roles each call accepts.
/// </summary>
[Flags]
public enum CareRoles
{
    None = 0,

    /// <summary>A network connector: ingests mentions (and, later, takes deliveries).</summary>
    Connector = 1,

    /// <summary>Works the queues of its teams: claims, replies, notes, escalates, resolves.</summary>
    Agent = 2,

    /// <summary>Everything an agent may, for any team it leads; reassigns; acts for another agent.</summary>
    Supervisor = 4,

    /// <summary>Tenant settings, teams and API keys.</summary>
    Admin = 8,

    /// <summary>Reads everything, including the audit trail; changes nothing.</summary>
    Auditor = 16,

    /// <summary>Runs the deployment: creates tenants. Not a role of any one tenant.</summary>
    Operator = 32,
}
