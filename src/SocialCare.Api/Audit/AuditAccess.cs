using SocialCare.Api.Access;
using SocialCare.Api.Common;
using SocialCare.Domain.Access;

namespace SocialCare.Api.Audit;

/// <summary>Who reads the trail: the tenant's auditors and admins. Nobody writes it through the API.</summary>
internal static class AuditAccess
{
    public const CareRoles Readers = CareRoles.Auditor | CareRoles.Admin;

    public static IEnumerable<RpcAccess> Rules =>
    [
        RpcAccess.Tenant<Wire.ListAuditEntriesRequest>(Wire.AuditService.Descriptor, "ListAuditEntries", Readers, r => (ResourceNames.ParseTenant("parent", r.Parent), "parent")),
        RpcAccess.Tenant<Wire.ExportAuditTrailRequest>(Wire.AuditService.Descriptor, "ExportAuditTrail", Readers, r => (ResourceNames.ParseTenant("parent", r.Parent), "parent")),
        RpcAccess.Tenant<Wire.VerifyAuditTrailRequest>(Wire.AuditService.Descriptor, "VerifyAuditTrail", Readers, r => (ResourceNames.ParseTenant("parent", r.Parent), "parent")),
    ];
}
