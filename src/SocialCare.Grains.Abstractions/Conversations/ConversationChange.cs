using SocialCare.Domain.Conversations;

namespace SocialCare.Grains.Conversations;

/// <summary>The conversation after a command, and the message the command wrote, if any.</summary>
[GenerateSerializer]
public sealed record ConversationChange(
    [property: Id(0)] ConversationView Conversation,
    [property: Id(1)] ConversationMessage? Message)
{
    /// <summary>For a reply: what the tenant's guardrails flagged without blocking it.</summary>
    [Id(2)] public IReadOnlyList<Domain.Guardrails.GuardrailFinding> Warnings { get; init; } = [];
}
