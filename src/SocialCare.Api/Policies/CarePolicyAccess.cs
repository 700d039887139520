using SocialCare.Api.Access;
using SocialCare.Api.Common;
using SocialCare.Domain.Access;

namespace SocialCare.Api.Policies;

/// <summary>Supervisors, admins and auditors read the care policy and try it; admins save it.</summary>
internal static class CarePolicyAccess
{
    private const CareRoles Readers = CareRoles.Admin | CareRoles.Supervisor | CareRoles.Auditor;

    public static IEnumerable<RpcAccess> Rules =>
    [
        RpcAccess.Tenant<Wire.GetCarePolicyRequest>(Wire.CarePolicyService.Descriptor, "GetCarePolicy", Readers, r => (ResourceNames.ParseCarePolicy("name", r.Name), "name")),
        RpcAccess.Tenant<Wire.ListCarePolicyVersionsRequest>(Wire.CarePolicyService.Descriptor, "ListCarePolicyVersions", Readers, r => (ResourceNames.ParseTenant("parent", r.Parent), "parent")),
        RpcAccess.Tenant<Wire.UpdateCarePolicyRequest>(Wire.CarePolicyService.Descriptor, "UpdateCarePolicy", CareRoles.Admin, r => (ResourceNames.ParseCarePolicy("name", r.Name), "name")),
        RpcAccess.Tenant<Wire.PreviewCarePolicyRequest>(Wire.CarePolicyService.Descriptor, "PreviewCarePolicy", Readers, r => (ResourceNames.ParseTenant("parent", r.Parent), "parent")),
    ];
}
