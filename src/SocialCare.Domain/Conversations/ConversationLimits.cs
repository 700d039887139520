namespace SocialCare.Domain.Conversations;

/// <summary>The documented input limits (also stated in the proto comments and the README).</summary>
public static class ConversationLimits
{
    public const int MaxTextLength = 10_000;
    public const int MaxIdLength = 256;
    public const int MaxNameLength = 256;
    /// <summary>X counts 280 characters per post; a public reply there must fit.</summary>
    public const int MaxPublicXReplyLength = 280;
    public const int PreviewLength = 140;
    /// <summary>
    /// How many of the latest messages a conversation keeps in its own state; the full history
    /// lives in an append-only journal, so a long conversation does not grow what each change writes.
    /// </summary>
    public const int RecentMessages = 50;
}
