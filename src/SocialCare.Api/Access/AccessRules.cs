using System.Collections.Frozen;
using SocialCare.Api.Audit;
using SocialCare.Api.Conversations;
using SocialCare.Api.Customers;
using SocialCare.Api.Deliveries;
using SocialCare.Api.Diagnostics;
using SocialCare.Api.Ingest;
using SocialCare.Api.Queues;
using SocialCare.Api.Tenants;

namespace SocialCare.Api.Access;

/// <summary>Every RPC's rule, gathered from the declarations beside each service.</summary>
public static class AccessRules
{
    public static IReadOnlyList<RpcAccess> All { get; } =
    [
        .. IngestAccess.Rules,
        .. QueueAccess.Rules,
        .. ConversationAccess.Rules,
        .. CustomerAccess.Rules,
        .. AdminAccess.Rules,
        .. SavedReplies.SavedReplyAccess.Rules,
        .. Policies.CarePolicyAccess.Rules,
        .. Knowledge.KnowledgeAccess.Rules,
        .. AuthAccess.Rules,
        .. DiagnosticsAccess.Rules,
        .. PlatformAccess.Rules,
        .. AuditAccess.Rules,
        .. DeliveryAccess.Rules,
    ];

    private static readonly FrozenDictionary<string, RpcAccess> ByMethod = All.ToFrozenDictionary(r => r.Method, StringComparer.Ordinal);

    /// <returns>Null for a method nobody declared: the gate refuses it.</returns>
    public static RpcAccess? Find(string method) => ByMethod.GetValueOrDefault(method);
}
