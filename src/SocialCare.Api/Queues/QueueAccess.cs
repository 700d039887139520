using SocialCare.Api.Access;
using SocialCare.Api.Common;

namespace SocialCare.Api.Queues;

/// <summary>Who may read queues: the desk and its auditors.</summary>
internal static class QueueAccess
{
    public static IEnumerable<RpcAccess> Rules =>
    [
        RpcAccess.Tenant<Wire.ListQueueRequest>(Wire.QueueService.Descriptor, "ListQueue", RpcAccess.DeskReaders, r => Tenant(r.Parent)),
        RpcAccess.Tenant<Wire.WatchQueueRequest>(Wire.QueueService.Descriptor, "WatchQueue", RpcAccess.DeskReaders, r => Tenant(r.Parent)),
        RpcAccess.Tenant<Wire.GetWaitEstimateRequest>(Wire.QueueService.Descriptor, "GetWaitEstimate", RpcAccess.DeskReaders, r => Tenant(r.Parent)),
    ];

    private static (string, string) Tenant(string parent) => (ResourceNames.ParseQueueParent("parent", parent).TenantId, "parent");
}
