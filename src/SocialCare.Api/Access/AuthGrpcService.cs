using System.Net;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using SocialCare.Domain.Access;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Tenants;
using SocialCare.Domain.Text;

namespace SocialCare.Api.Access;

public sealed class AuthGrpcService(CareTokenIssuer issuer, IOptions<CareAuthOptions> options) : Wire.AuthService.AuthServiceBase
{
    public const string DemoTenantId = "demo";
    public const string DevelopmentAgentId = "dev-agent";

    /// <summary>What a development token holds unless asked otherwise: everything a tenant's people do.</summary>
    public const CareRoles DevelopmentRoles = CareRoles.Agent | CareRoles.Supervisor | CareRoles.Admin | CareRoles.Auditor | CareRoles.Connector;

    public override Task<Wire.WhoAmIResponse> WhoAmI(Wire.WhoAmIRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = context.Caller();
        var response = new Wire.WhoAmIResponse
        {
            Kind = caller.Kind switch
            {
                CallerKind.Person => Wire.CallerKind.Person,
                CallerKind.ApiKey => Wire.CallerKind.ApiKey,
                _ => Wire.CallerKind.Anonymous,
            },
            CallerId = caller.CallerId,
            AgentId = caller.AgentId ?? "",
            DisplayName = caller.DisplayName ?? "",
            Signature = caller.Signature ?? "",
            Location = caller.Location.ToProto(),
            ExpireTime = caller.ExpiresAt is { } expires ? Timestamp.FromDateTimeOffset(expires) : null,
        };
        response.TenantIds.AddRange(caller.Tenants.Order(StringComparer.Ordinal));
        response.Roles.AddRange(caller.Roles.ToProto());
        response.TeamIds.AddRange(caller.Teams ?? []);
        return Task.FromResult(response);
    }

    public override Task<Wire.IssueDevelopmentTokenResponse> IssueDevelopmentToken(Wire.IssueDevelopmentTokenRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (!options.Value.DevelopmentTokens)
        {
            throw CareException.Precondition("Development tokens are off on this deployment (SocialCare:Auth:DevelopmentTokens); use a token of your identity provider or an API key.");
        }

        // Development tokens carry any role, so only someone on this machine may have one.
        var remote = context.GetHttpContext().Connection.RemoteIpAddress;
        if (remote is null || !IPAddress.IsLoopback(remote))
        {
            throw CareException.Precondition("Development tokens are issued only to callers on the host's own machine.");
        }

        var tenantId = string.IsNullOrEmpty(request.TenantId) ? DemoTenantId : request.TenantId;
        if (tenantId != CareClaims.EveryTenant)
        {
            Identifiers.RequireSlug("tenant_id", tenantId);
        }

        var agentId = string.IsNullOrEmpty(request.AgentId) ? DevelopmentAgentId : request.AgentId;
        FieldRules.RequireId("agent_id", agentId);
        var roles = request.Roles.Count == 0 ? DevelopmentRoles : request.Roles.ToDomain("roles");
        for (var i = 0; i < request.TeamIds.Count; i++)
        {
            Identifiers.RequireSlug($"team_ids[{i}]", request.TeamIds[i]);
        }

        FieldRules.Bounded("display_name", request.DisplayName, Domain.Conversations.ConversationLimits.MaxNameLength);
        FieldRules.Bounded("signature", request.Signature, Domain.Conversations.ConversationLimits.MaxSignatureLength);
        var (token, expires) = issuer.Issue(new TokenSubject(
            agentId,
            [tenantId],
            roles,
            request.TeamIds.Count == 0 ? null : [.. request.TeamIds],
            request.Location.ToDomain(),
            string.IsNullOrEmpty(request.DisplayName) ? null : request.DisplayName,
            string.IsNullOrEmpty(request.Signature) ? null : request.Signature));
        return Task.FromResult(new Wire.IssueDevelopmentTokenResponse { Token = token, ExpireTime = Timestamp.FromDateTimeOffset(expires) });
    }
}
