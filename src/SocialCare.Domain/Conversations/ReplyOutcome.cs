namespace SocialCare.Domain.Conversations;

/// <summary>Whether a PostReply stored a new reply or answered with the one an earlier try with the same request id stored.</summary>
public enum ReplyOrigin
{
    Created = 1,
    FoundEarlier = 2,
}

/// <summary>
/// What a PostReply did: created a reply, or found the one an earlier try with the same request id
/// created. <see cref="Reply"/> is null only for an earlier reply that has left the recent
/// messages; its host reads it from the history by <see cref="MessageSequence"/>.
/// </summary>
public sealed record ReplyOutcome(int MessageSequence, ConversationMessage? Reply, ReplyOrigin Origin)
{
    public bool Created => Origin == ReplyOrigin.Created;

    /// <summary>What the guardrails flagged without blocking the reply (shouting, a promise the tenant only warns about).</summary>
    public IReadOnlyList<Guardrails.GuardrailFinding> Warnings { get; init; } = [];
}
