using SocialCare.Domain.Access;

namespace SocialCare.Api.Access;

/// <summary>
/// The claims SocialCare reads from a token. A brand's identity provider maps its users onto
/// these names; lists may be JSON arrays or space-separated strings.
/// </summary>
public static class CareClaims
{
    /// <summary>The tenants the caller is trusted with; "*" is every tenant (the deployment's operators).</summary>
    public const string Tenant = "tenant";

    public const string Role = "role";

    /// <summary>Also read: some identity providers call the list "roles".</summary>
    public const string Roles = "roles";

    /// <summary>The agent id; when absent, "sub" is.</summary>
    public const string AgentId = "agent_id";

    public const string Subject = "sub";

    public const string Name = "name";

    /// <summary>The agent's sign-off on replies, e.g. "^JD".</summary>
    public const string Signature = "signature";

    /// <summary>"office" or "remote".</summary>
    public const string Location = "location";

    /// <summary>The teams the caller may work; absent means every team.</summary>
    public const string Teams = "teams";

    /// <summary>Set by the API key handler: the key's id.</summary>
    public const string ApiKeyId = "socialcare_key_id";

    public const string Expires = "exp";

    public const string EveryTenant = "*";

    /// <summary>Unknown role names are ignored: a brand's provider may carry roles of other applications.</summary>
    public static CareRoles ParseRole(string name) => CareRoleNames.Parse(name);

    public static IEnumerable<string> RoleNamesOf(CareRoles roles) => CareRoleNames.Of(roles);

    public static string Describe(CareRoles roles) =>
        roles == CareRoles.None ? "no role" : string.Join(", ", RoleNamesOf(roles));

    public static AgentLocation ParseLocation(string? value) => value?.ToLowerInvariant() switch
    {
        "office" => AgentLocation.Office,
        "remote" => AgentLocation.Remote,
        _ => AgentLocation.Unspecified,
    };

    public static string? LocationName(AgentLocation location) => location switch
    {
        AgentLocation.Office => "office",
        AgentLocation.Remote => "remote",
        _ => null,
    };
}
