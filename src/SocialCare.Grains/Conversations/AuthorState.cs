using SocialCare.Domain.Conversations;

namespace SocialCare.Grains.Conversations;

[GenerateSerializer]
public sealed class AuthorState
{
    [Id(0)] public string? CustomerId { get; set; }
    [Id(1)] public AuthorProfile? Profile { get; set; }
    /// <summary>The conversation new mentions join, while it takes them.</summary>
    [Id(2)] public string? CurrentConversationId { get; set; }
    [Id(3)] public List<string> ConversationIds { get; set; } = [];
    /// <summary>Oldest first; bounded by <c>RememberedMentionsPerAuthor</c>.</summary>
    [Id(4)] public List<RememberedMention> Recent { get; set; } = [];
}
