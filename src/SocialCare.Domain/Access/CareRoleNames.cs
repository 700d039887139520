namespace SocialCare.Domain.Access;

/// <summary>The names of the roles, as tokens, keys and the audit trail write them.</summary>
public static class CareRoleNames
{
    private static readonly (string Name, CareRoles Role)[] Names =
    [
        ("connector", CareRoles.Connector),
        ("agent", CareRoles.Agent),
        ("supervisor", CareRoles.Supervisor),
        ("admin", CareRoles.Admin),
        ("auditor", CareRoles.Auditor),
        ("operator", CareRoles.Operator),
    ];

    /// <summary>Unknown role names are <see cref="CareRoles.None"/>: a brand's provider may carry roles of other applications.</summary>
    public static CareRoles Parse(string name)
    {
        foreach (var (roleName, role) in Names)
        {
            if (string.Equals(roleName, name, StringComparison.OrdinalIgnoreCase))
            {
                return role;
            }
        }

        return CareRoles.None;
    }

    public static IEnumerable<string> Of(CareRoles roles) =>
        Names.Where(r => roles.HasFlag(r.Role)).Select(r => r.Name);
}
