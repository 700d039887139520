using SocialCare.Api.Access;
using SocialCare.Api.Common;
using SocialCare.Domain.Access;

namespace SocialCare.Api.SavedReplies;

/// <summary>The desk reads the brand's saved replies; supervisors and admins keep them.</summary>
internal static class SavedReplyAccess
{
    private const CareRoles Editors = CareRoles.Supervisor | CareRoles.Admin;

    public static IEnumerable<RpcAccess> Rules =>
    [
        RpcAccess.Tenant<Wire.ListSavedRepliesRequest>(Wire.SavedReplyService.Descriptor, "ListSavedReplies", CareRoles.Admin | RpcAccess.DeskReaders, r => (ResourceNames.ParseTenant("parent", r.Parent), "parent")),
        RpcAccess.Tenant<Wire.GetSavedReplyRequest>(Wire.SavedReplyService.Descriptor, "GetSavedReply", CareRoles.Admin | RpcAccess.DeskReaders, r => Named(r.Name)),
        RpcAccess.Tenant<Wire.CreateSavedReplyRequest>(Wire.SavedReplyService.Descriptor, "CreateSavedReply", Editors, r => (ResourceNames.ParseTenant("parent", r.Parent), "parent")),
        RpcAccess.Tenant<Wire.UpdateSavedReplyRequest>(Wire.SavedReplyService.Descriptor, "UpdateSavedReply", Editors, r => Named(r.Name)),
        RpcAccess.Tenant<Wire.DeleteSavedReplyRequest>(Wire.SavedReplyService.Descriptor, "DeleteSavedReply", Editors, r => Named(r.Name)),
    ];

    private static (string, string) Named(string name) => (ResourceNames.ParseSavedReply("name", name).TenantId, "name");
}
