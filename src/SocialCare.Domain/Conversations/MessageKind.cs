namespace SocialCare.Domain.Conversations;

public enum MessageKind
{
    Customer = 1,
    AgentReply = 2,
    InternalNote = 3,

    /// <summary>A request to take a published reply off the network; its delivery is the connector's task.</summary>
    Retraction = 4,
}
