namespace SocialCare.Domain.Conversations;

public enum MessageKind
{
    Customer = 1,
    AgentReply = 2,
    InternalNote = 3,
}
