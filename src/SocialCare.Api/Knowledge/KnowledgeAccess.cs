using SocialCare.Api.Access;
using SocialCare.Api.Common;
using SocialCare.Domain.Access;

namespace SocialCare.Api.Knowledge;

/// <summary>The desk searches its tenant's knowledge; admins too, when they curate saved replies.</summary>
internal static class KnowledgeAccess
{
    public static IEnumerable<RpcAccess> Rules =>
    [
        RpcAccess.Tenant<Wire.SearchKnowledgeRequest>(Wire.KnowledgeService.Descriptor, "SearchKnowledge", CareRoles.Admin | RpcAccess.DeskReaders, r => (ResourceNames.ParseTenant("parent", r.Parent), "parent")),
    ];
}
