namespace SocialCare.Domain.Conversations;

public enum ConversationStatus
{
    /// <summary>Waiting in its team's queue for an agent.</summary>
    Open = 1,
    Assigned = 2,
    Resolved = 3,
}
