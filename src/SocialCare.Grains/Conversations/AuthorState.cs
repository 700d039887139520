using SocialCare.Domain.Conversations;

namespace SocialCare.Grains.Conversations;

[GenerateSerializer]
public sealed class AuthorState
{
    [Id(0)] public string? CustomerId { get; set; }
    [Id(1)] public AuthorProfile? Profile { get; set; }
    /// <summary>The conversation the author wrote in last, of whichever brand account.</summary>
    [Id(2)] public string? CurrentConversationId { get; set; }
    [Id(3)] public List<string> ConversationIds { get; set; } = [];
    /// <summary>Oldest first; bounded by <c>RememberedMentionsPerAuthor</c>.</summary>
    [Id(4)] public List<RememberedMention> Recent { get; set; } = [];
    /// <summary>
    /// The conversation new mentions to each brand account join, while it takes them: a customer
    /// writing to two of the brand's numbers or handles has a conversation with each (replies go
    /// out from the account written to). Empty for an author stored before accounts counted.
    /// </summary>
    [Id(5)] public Dictionary<string, string> CurrentByAccount { get; set; } = new(StringComparer.Ordinal);
}
