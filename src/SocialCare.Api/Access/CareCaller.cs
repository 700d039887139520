using System.Globalization;
using System.Security.Claims;
using SocialCare.Domain.Access;
using SocialCare.Domain.Errors;

namespace SocialCare.Api.Access;

/// <summary>Who is calling, read once per call from its verified credential.</summary>
/// <param name="CallerId">What the trail records as the actor: the agent id of a person, "key:{id}" for a key.</param>
/// <param name="AgentId">The agent the caller's own changes are attributed to; null for a caller that is no agent.</param>
/// <param name="Teams">The teams the caller may work; null for every team.</param>
public sealed record CareCaller(
    CallerKind Kind,
    string CallerId,
    string? AgentId,
    string? DisplayName,
    string? Signature,
    AgentLocation Location,
    IReadOnlySet<string> Tenants,
    CareRoles Roles,
    IReadOnlyList<string>? Teams,
    DateTimeOffset? ExpiresAt)
{
    /// <summary>The caller of a deployment that allows anonymous development calls.</summary>
    public static readonly CareCaller Anonymous = new(
        CallerKind.Anonymous, "anonymous", null, null, null, AgentLocation.Unspecified,
        new HashSet<string>(StringComparer.Ordinal) { CareClaims.EveryTenant },
        CareRoles.Connector | CareRoles.Agent | CareRoles.Supervisor | CareRoles.Admin | CareRoles.Auditor | CareRoles.Operator,
        null, null);

    public bool TrustsTenant(string tenantId) => Tenants.Contains(CareClaims.EveryTenant) || Tenants.Contains(tenantId);

    public bool Has(CareRoles role) => (Roles & role) != 0;

    /// <summary>
    /// The tenant named by a request, or NOT_FOUND exactly as for a tenant that does not exist,
    /// so a caller learns nothing about tenants it is not trusted with.
    /// </summary>
    public void RequireTenant(string tenantId, string field)
    {
        if (!TrustsTenant(tenantId))
        {
            throw NoSuchTenant(tenantId, field);
        }
    }

    public static CareException NoSuchTenant(string tenantId, string field) =>
        CareException.NotFound($"Tenant \"{tenantId}\"", field);

    /// <summary>
    /// Who a change is made as. The acting agent is the caller's own; a request naming another
    /// agent is a supervisor acting for them, and both are recorded.
    /// </summary>
    /// <param name="requestedAgentId">The request's agent_id; empty means the caller.</param>
    public CareActor ActorFor(string? requestedAgentId)
    {
        if (string.IsNullOrEmpty(requestedAgentId) || requestedAgentId == AgentId)
        {
            return AgentId is null
                ? throw CareException.Invalid("agent_id", $"is required: the caller ({CallerId}) is not an agent, so name the agent to act for.")
                : new CareActor(AgentId, null, Teams);
        }

        if (Kind == CallerKind.Anonymous)
        {
            // Development without credentials: the request says who acts, as before identities.
            return new CareActor(requestedAgentId, null, null);
        }

        if (!Has(CareRoles.Supervisor))
        {
            throw CareException.Denied(
                "agent_id",
                $"names agent {Domain.Errors.Echo.Quote(requestedAgentId)}, but the caller is {CallerId}; only a supervisor acts for another agent.");
        }

        return new CareActor(requestedAgentId, CallerId, Teams);
    }

    /// <summary>The caller acting as itself, for changes no agent_id is asked for (assigning).</summary>
    public CareActor Self() => new(AgentId ?? CallerId, null, Teams);

    /// <summary>Refuses a team-limited caller a queue of other teams (or of every team).</summary>
    public void RequireTeamScope(string? teamId, string field)
    {
        if (Teams is null)
        {
            return;
        }

        if (teamId is null)
        {
            throw CareException.Denied(field, $"the caller works {string.Join(", ", Teams)} only; name one of its teams (tenants/{{tenant}}/teams/{{team}}).");
        }

        if (!Teams.Contains(teamId, StringComparer.Ordinal))
        {
            throw CareException.Denied(field, $"the caller works {string.Join(", ", Teams)} only, not team {Domain.Errors.Echo.Quote(teamId)}.");
        }
    }

    /// <summary>The last second <see cref="DateTimeOffset"/> holds, in Unix seconds.</summary>
    private static readonly double LatestExpiry = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    /// <summary>Reads a verified principal (a token's claims, or those the API key handler made).</summary>
    /// <returns>Null with a reason when the credential is valid but is not a SocialCare caller.</returns>
    public static CareCaller? FromPrincipal(ClaimsPrincipal principal, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(principal);
        problem = null;
        var tenants = Values(principal, CareClaims.Tenant).ToHashSet(StringComparer.Ordinal);
        if (tenants.Count == 0)
        {
            problem = $"the credential names no tenant (claim \"{CareClaims.Tenant}\").";
            return null;
        }

        var roles = Values(principal, CareClaims.Role).Concat(Values(principal, CareClaims.Roles))
            .Aggregate(CareRoles.None, (all, name) => all | CareClaims.ParseRole(name));
        var keyId = principal.FindFirst(CareClaims.ApiKeyId)?.Value;
        // A key acts as the agent it was made for, or as itself.
        var agentId = principal.FindFirst(CareClaims.AgentId)?.Value
            ?? (keyId is null ? principal.FindFirst(CareClaims.Subject)?.Value : $"key:{keyId}");
        if (keyId is null && string.IsNullOrEmpty(agentId))
        {
            problem = $"the token names no agent (claim \"{CareClaims.AgentId}\" or \"{CareClaims.Subject}\").";
            return null;
        }

        var teams = Values(principal, CareClaims.Teams).ToList();
        DateTimeOffset? expires = null;
        if (principal.FindFirst(CareClaims.Expires)?.Value is { } expiry)
        {
            // The token library reads an expiry past year 9999 as "never"; a credential that
            // claims to last forever is refused rather than trusted.
            // A NumericDate may carry a fraction of a second (RFC 7519, section 2).
            if (!double.TryParse(expiry, NumberStyles.Float, CultureInfo.InvariantCulture, out var exp) || exp < 0 || exp > LatestExpiry)
            {
                problem = $"the credential's expiry (claim \"{CareClaims.Expires}\") is not a time before year 10000.";
                return null;
            }

            expires = DateTimeOffset.FromUnixTimeSeconds((long)exp);
        }

        return new CareCaller(
            keyId is null ? CallerKind.Person : CallerKind.ApiKey,
            keyId is null ? agentId! : $"key:{keyId}",
            string.IsNullOrEmpty(agentId) ? null : agentId,
            principal.FindFirst(CareClaims.Name)?.Value,
            principal.FindFirst(CareClaims.Signature)?.Value,
            CareClaims.ParseLocation(principal.FindFirst(CareClaims.Location)?.Value),
            tenants,
            roles,
            teams.Count == 0 ? null : teams,
            expires);
    }

    /// <summary>A claim's values, whether the token gives a list or one space-separated string.</summary>
    private static IEnumerable<string> Values(ClaimsPrincipal principal, string type) =>
        principal.FindAll(type).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
