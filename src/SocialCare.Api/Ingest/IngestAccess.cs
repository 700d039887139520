using SocialCare.Api.Access;
using SocialCare.Api.Common;
using SocialCare.Domain.Access;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Tenants;

namespace SocialCare.Api.Ingest;

/// <summary>Who may ingest: the tenant's connectors.</summary>
internal static class IngestAccess
{
    public static IEnumerable<RpcAccess> Rules =>
    [
        RpcAccess.Tenant<Wire.IngestMentionRequest>(Wire.IngestService.Descriptor, "IngestMention", CareRoles.Connector, r => TenantOf(r.Mention)),
        RpcAccess.TenantPerMessage(Wire.IngestService.Descriptor, "IngestMentions", CareRoles.Connector),
        RpcAccess.Tenant<Wire.GetTrackingRulesRequest>(Wire.IngestService.Descriptor, "GetTrackingRules", CareRoles.Connector | CareRoles.Admin, r => (ResourceNames.ParseTenant("name", r.Name), "name")),
    ];

    /// <summary>The tenant a mention is for, checked as the mention's own validation checks it.</summary>
    public static (string TenantId, string Field) TenantOf(Wire.Mention? mention)
    {
        const string Field = "mention.tenant_id";
        if (mention is null)
        {
            throw CareException.Invalid("mention", "is required.");
        }

        Identifiers.RequireSlug(Field, mention.TenantId);
        return (mention.TenantId, Field);
    }
}
