using SocialCare.Api.Access;
using SocialCare.Api.Common;
using SocialCare.Domain.Access;

namespace SocialCare.Api.Conversations;

/// <summary>
/// Who may read and change conversations. Which conversation an agent may change (its own or
/// an unowned one, of its teams) is the Domain's rule; this says which roles may try.
/// </summary>
internal static class ConversationAccess
{
    public static IEnumerable<RpcAccess> Rules =>
    [
        Rule<Wire.GetConversationRequest>("GetConversation", RpcAccess.DeskReaders, r => r.Name, "name"),
        Rule<Wire.ListConversationMessagesRequest>("ListConversationMessages", RpcAccess.DeskReaders, r => r.Parent, "parent"),
        Rule<Wire.ClaimConversationRequest>("ClaimConversation", RpcAccess.DeskWorkers, r => r.Name, "name"),
        Rule<Wire.AssignConversationRequest>("AssignConversation", CareRoles.Supervisor, r => r.Name, "name"),
        Rule<Wire.ReleaseConversationRequest>("ReleaseConversation", RpcAccess.DeskWorkers, r => r.Name, "name"),
        Rule<Wire.PostReplyRequest>("PostReply", RpcAccess.DeskWorkers, r => r.Name, "name"),
        Rule<Wire.ApproveReplyRequest>("ApproveReply", CareRoles.Supervisor, r => r.Name, "name"),
        Rule<Wire.RejectReplyRequest>("RejectReply", CareRoles.Supervisor, r => r.Name, "name"),
        Rule<Wire.RequestRetractionRequest>("RequestRetraction", RpcAccess.DeskWorkers, r => r.Name, "name"),
        Rule<Wire.AddNoteRequest>("AddNote", RpcAccess.DeskWorkers, r => r.Name, "name"),
        Rule<Wire.CorrectTriageRequest>("CorrectTriage", RpcAccess.DeskWorkers, r => r.Name, "name"),
        Rule<Wire.EscalateRequest>("Escalate", RpcAccess.DeskWorkers, r => r.Name, "name"),
        Rule<Wire.ResolveConversationRequest>("ResolveConversation", RpcAccess.DeskWorkers, r => r.Name, "name"),
        Rule<Wire.ReopenConversationRequest>("ReopenConversation", RpcAccess.DeskWorkers, r => r.Name, "name"),
    ];

    private static RpcAccess Rule<TRequest>(string method, CareRoles roles, Func<TRequest, string> name, string field)
        where TRequest : Google.Protobuf.IMessage =>
        RpcAccess.Tenant<TRequest>(Wire.ConversationService.Descriptor, method, roles, r => (ResourceNames.ParseConversation(field, name(r)).TenantId, field));
}
