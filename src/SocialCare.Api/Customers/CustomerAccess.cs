using SocialCare.Api.Access;
using SocialCare.Api.Common;

namespace SocialCare.Api.Customers;

/// <summary>Who may read customers and join their identities.</summary>
internal static class CustomerAccess
{
    public static IEnumerable<RpcAccess> Rules =>
    [
        RpcAccess.Tenant<Wire.GetCustomerRequest>(Wire.CustomerService.Descriptor, "GetCustomer", RpcAccess.DeskReaders, r => (ResourceNames.ParseCustomer("name", r.Name).TenantId, "name")),
        RpcAccess.Tenant<Wire.LinkIdentityRequest>(Wire.CustomerService.Descriptor, "LinkIdentity", RpcAccess.DeskWorkers, r => (ResourceNames.ParseCustomer("name", r.Name).TenantId, "name")),
    ];
}
