using SocialCare.Domain.Conversations;
using SocialCare.Domain.Guardrails;
using SocialCare.Domain.Approvals;
using SocialCare.Domain.Triage;

namespace SocialCare.Domain.Knowledge;

/// <summary>
/// A resolved conversation as the next agent searches for it: what the customer asked and how the
/// desk answered. Personal data is masked before it is kept (the knowledge base is read by agents
/// who never worked the case, remote ones included), and an entry is replaced when the same
/// conversation is resolved again.
/// </summary>
/// <param name="Question">The customer's first message of the conversation (masked).</param>
/// <param name="Answer">The replies that went to the customer, oldest first (masked).</param>
[GenerateSerializer, Immutable]
public sealed record KnowledgeEntry(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string ConversationId,
    [property: Id(2)] string TeamId,
    [property: Id(3)] Channel Channel,
    [property: Id(4)] Category Category,
    [property: Id(5)] string Question,
    [property: Id(6)] string Answer,
    [property: Id(7)] DateTimeOffset ResolvedAt)
{
    public const int MaxQuestionLength = 1_000;
    public const int MaxAnswerLength = 4_000;

    /// <summary>
    /// The entry for a conversation just resolved, from what it holds: its first customer message
    /// if still among the recent ones (else the preview kept of it), and the replies that were not
    /// rejected. Null when the desk never answered: an unanswered case teaches nothing.
    /// </summary>
    public static KnowledgeEntry? Of(Conversation conversation, IReadOnlyList<TenantIdentifierPattern>? identifiers = null)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var replies = conversation.RecentMessages
            .Where(m => m.Kind == MessageKind.AgentReply && m.Approval?.State is null or ApprovalState.Approved)
            .Select(m => m.Text)
            .ToList();
        if (replies.Count == 0 || conversation.ResolvedAt is not { } resolved)
        {
            return null;
        }

        var first = conversation.RecentMessages.Find(m => m.Kind == MessageKind.Customer && m.Sequence == 1)?.Text ?? conversation.FirstCustomerPreview;
        return new KnowledgeEntry(
            conversation.TenantId,
            conversation.ConversationId,
            conversation.TeamId,
            conversation.Channel,
            conversation.Category,
            Cut(PersonalData.Redact(first, identifiers), MaxQuestionLength),
            Cut(PersonalData.Redact(string.Join("\n", replies), identifiers), MaxAnswerLength),
            resolved);
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];
}
