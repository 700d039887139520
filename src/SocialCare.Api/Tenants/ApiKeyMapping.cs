using Google.Protobuf.WellKnownTypes;
using SocialCare.Api.Access;
using SocialCare.Api.Common;
using SocialCare.Domain.Access;

namespace SocialCare.Api.Tenants;

public static class ApiKeyMapping
{
    /// <summary>A key as clients see it: never its hash.</summary>
    public static Wire.ApiKey ToProto(this ApiKeyRecord key, string tenantId)
    {
        ArgumentNullException.ThrowIfNull(key);
        var proto = new Wire.ApiKey
        {
            Name = ResourceNames.ApiKey(tenantId, key.KeyId),
            KeyId = key.KeyId,
            DisplayName = key.DisplayName,
            AgentId = key.AgentId ?? "",
            ExpireTime = key.ExpiresAt is { } expires ? Timestamp.FromDateTimeOffset(expires) : null,
            CreateTime = Timestamp.FromDateTimeOffset(key.CreatedAt),
            Creator = key.CreatedBy,
            RevokeTime = key.RevokedAt is { } revoked ? Timestamp.FromDateTimeOffset(revoked) : null,
            Revoker = key.RevokedBy ?? "",
        };
        proto.Roles.AddRange(key.Roles.ToProto());
        proto.TeamIds.AddRange(key.Teams ?? []);
        return proto;
    }
}
