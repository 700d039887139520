using SocialCare.Domain.Conversations;

namespace SocialCare.Domain.Deliveries;

/// <summary>What a sender's report did to its delivery.</summary>
public enum DeliverySettlement
{
    /// <summary>The delivery was already settled: a repeated report changes nothing.</summary>
    Repeated = 1,

    /// <summary>The report moved the delivery on (sent, retried, retracted).</summary>
    Updated = 2,

    /// <summary>The delivery failed for good: the conversation is back with the agent.</summary>
    Undelivered = 3,
}

/// <summary>What a sender's report did to its reply.</summary>
/// <param name="Reply">The reply as it now stands.</param>
[GenerateSerializer, Immutable]
public sealed record DeliveryChange(
    [property: Id(0)] ConversationMessage Reply,
    [property: Id(1)] DeliverySettlement Settlement)
{
    /// <summary>False when the delivery was already settled (a repeated report).</summary>
    public bool Changed => Settlement != DeliverySettlement.Repeated;

    public bool Undelivered => Settlement == DeliverySettlement.Undelivered;
}
