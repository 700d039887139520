using SocialCare.Domain.Conversations;

namespace SocialCare.Grains.Conversations;

/// <summary>The conversation after a command, and the message the command wrote, if any.</summary>
[GenerateSerializer]
public sealed record ConversationChange(
    [property: Id(0)] Conversation Conversation,
    [property: Id(1)] ConversationMessage? Message);
