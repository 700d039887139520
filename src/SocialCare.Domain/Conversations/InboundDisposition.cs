namespace SocialCare.Domain.Conversations;

/// <summary>What became of a customer message offered to an existing conversation.</summary>
public enum InboundDisposition
{
    Appended = 1,
    /// <summary>The network message was already in the conversation; nothing changed.</summary>
    Duplicate = 2,
    /// <summary>The conversation was resolved recently and reopened to take the message.</summary>
    Reopened = 3,
    /// <summary>The conversation does not take the message (resolved and staying so, or of another brand account); the caller opens a new one.</summary>
    Refused = 4,
}
