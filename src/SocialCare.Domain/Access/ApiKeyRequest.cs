using SocialCare.Domain.Conversations;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Tenants;
using SocialCare.Domain.Text;

namespace SocialCare.Domain.Access;

/// <summary>What an admin asks for when creating a key. Field names follow the API's, under "api_key".</summary>
[GenerateSerializer, Immutable]
public sealed record ApiKeyRequest(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] CareRoles Roles,
    [property: Id(2)] IReadOnlyList<string>? Teams,
    [property: Id(3)] string? AgentId,
    [property: Id(4)] DateTimeOffset? ExpiresAt)
{
    /// <summary>Keys a tenant may hold, revoked ones included (they stay as a record of who had access).</summary>
    public const int MaxKeysPerTenant = 1_000;

    /// <summary>The roles a tenant's admin may put on a key; creating tenants is the deployment's.</summary>
    public const CareRoles TenantRoles = CareRoles.Connector | CareRoles.Agent | CareRoles.Supervisor | CareRoles.Admin | CareRoles.Auditor;

    /// <summary>Checks the request against the tenant and makes the key; the secret is returned once and only its hash kept.</summary>
    public (ApiKeyRecord Key, string Secret) Issue(TenantSettings tenant, int existingKeys, string createdBy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        FieldRules.RequireText("api_key.display_name", DisplayName);
        FieldRules.Bounded("api_key.display_name", DisplayName, ConversationLimits.MaxNameLength);
        if (Roles == CareRoles.None)
        {
            throw CareException.Invalid("api_key.roles", "needs at least one role.");
        }

        if ((Roles & ~TenantRoles) != 0)
        {
            throw CareException.Invalid("api_key.roles", "may hold connector, agent, supervisor, admin and auditor; operator belongs to the deployment, not a tenant's key.");
        }

        var teams = Teams is { Count: > 0 } ? Teams : null;
        if (teams is not null)
        {
            for (var i = 0; i < teams.Count; i++)
            {
                if (!tenant.HasTeam(teams[i]))
                {
                    throw CareException.NotFound($"Team {Echo.Quote(teams[i])} of tenant \"{tenant.TenantId}\"", $"api_key.team_ids[{i}]");
                }
            }
        }

        FieldRules.OptionalId("api_key.agent_id", AgentId);
        if (ExpiresAt is { } expiry && expiry <= now)
        {
            throw CareException.Invalid("api_key.expire_time", "is in the past; a key must be usable when it is made.");
        }

        if (existingKeys >= MaxKeysPerTenant)
        {
            throw CareException.Precondition($"Tenant \"{tenant.TenantId}\" already has {MaxKeysPerTenant} API keys; revoked keys count too, as the record of who had access.");
        }

        var keyId = ApiKeySecret.NewKeyId();
        var secret = ApiKeySecret.NewSecret();
        var key = new ApiKeyRecord(keyId, DisplayName, Roles, teams, string.IsNullOrEmpty(AgentId) ? null : AgentId, ExpiresAt, now, createdBy, ApiKeySecret.Hash(secret));
        return (key, ApiKeySecret.Format(tenant.TenantId, keyId, secret));
    }
}
