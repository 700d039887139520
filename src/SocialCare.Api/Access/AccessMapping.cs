using SocialCare.Domain.Access;
using SocialCare.Domain.Errors;

namespace SocialCare.Api.Access;

/// <summary>Roles and locations between the wire and the Domain.</summary>
public static class AccessMapping
{
    private static readonly (Wire.Role Wire, CareRoles Role)[] Roles =
    [
        (Wire.Role.Connector, CareRoles.Connector),
        (Wire.Role.Agent, CareRoles.Agent),
        (Wire.Role.Supervisor, CareRoles.Supervisor),
        (Wire.Role.Admin, CareRoles.Admin),
        (Wire.Role.Auditor, CareRoles.Auditor),
        (Wire.Role.Operator, CareRoles.Operator),
    ];

    public static CareRoles ToDomain(this IEnumerable<Wire.Role> roles, string field)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var all = CareRoles.None;
        var i = 0;
        foreach (var role in roles)
        {
            var match = Array.Find(Roles, r => r.Wire == role);
            if (match.Role == CareRoles.None)
            {
                throw CareException.Invalid($"{field}[{i}]", $"{role} is not a role.");
            }

            all |= match.Role;
            i++;
        }

        return all;
    }

    public static IEnumerable<Wire.Role> ToProto(this CareRoles roles) =>
        Roles.Where(r => roles.HasFlag(r.Role)).Select(r => r.Wire);

    public static AgentLocation ToDomain(this Wire.AgentLocation location) => location switch
    {
        Wire.AgentLocation.Office => AgentLocation.Office,
        Wire.AgentLocation.Remote => AgentLocation.Remote,
        _ => AgentLocation.Unspecified,
    };

    public static Wire.AgentLocation ToProto(this AgentLocation location) => location switch
    {
        AgentLocation.Office => Wire.AgentLocation.Office,
        AgentLocation.Remote => Wire.AgentLocation.Remote,
        _ => Wire.AgentLocation.Unspecified,
    };
}
