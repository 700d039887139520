namespace SocialCare.Api.Access;

/// <summary>What a call needs before it runs.</summary>
public enum RpcScope
{
    /// <summary>No credential: health, reflection, ping, development tokens.</summary>
    Anonymous = 1,

    /// <summary>Any verified caller, whatever its roles.</summary>
    AnyCaller = 2,

    /// <summary>One of the roles; no tenant is named (creating a tenant).</summary>
    Deployment = 3,

    /// <summary>One of the roles, on a tenant the caller is trusted with.</summary>
    Tenant = 4,
}
