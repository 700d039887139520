using SocialCare.Api.Access;
using SocialCare.Api.Common;
using SocialCare.Domain.Access;

namespace SocialCare.Api.Deliveries;

/// <summary>Senders take and report deliveries; the desk's people may look one up.</summary>
internal static class DeliveryAccess
{
    public const CareRoles Readers = CareRoles.Connector | CareRoles.Agent | CareRoles.Supervisor | CareRoles.Admin | CareRoles.Auditor;

    public static IEnumerable<RpcAccess> Rules =>
    [
        RpcAccess.Tenant<Wire.StreamDeliveriesRequest>(Wire.DeliveryService.Descriptor, "StreamDeliveries", CareRoles.Connector, r => (ResourceNames.ParseTenant("parent", r.Parent), "parent")),
        RpcAccess.Tenant<Wire.ReportDeliveryRequest>(Wire.DeliveryService.Descriptor, "ReportDelivery", CareRoles.Connector, r => (ResourceNames.ParseDelivery("name", r.Name).TenantId, "name")),
        RpcAccess.Tenant<Wire.GetDeliveryRequest>(Wire.DeliveryService.Descriptor, "GetDelivery", Readers, r => (ResourceNames.ParseDelivery("name", r.Name).TenantId, "name")),
    ];
}
