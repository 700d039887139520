namespace SocialCare.Domain.Sla;

public enum SlaEventKind
{
    CustomerMessage = 1,
    /// <summary>A reply to the customer, public or private. Notes do not count.</summary>
    AgentResponse = 2,
}
