namespace SocialCare.Domain.Conversations;

/// <summary>
/// What a PostReply did: created a reply, or found the one an earlier try with the same request id
/// created. <see cref="Reply"/> is null only for an earlier reply that has left the recent
/// messages; its host reads it from the history by <see cref="MessageSequence"/>.
/// </summary>
public sealed record ReplyOutcome(int MessageSequence, ConversationMessage? Reply, bool Created)
{
    /// <summary>What the guardrails flagged without blocking the reply (shouting, a promise the tenant only warns about).</summary>
    public IReadOnlyList<Guardrails.GuardrailFinding> Warnings { get; init; } = [];
}
