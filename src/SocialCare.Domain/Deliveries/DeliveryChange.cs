using SocialCare.Domain.Conversations;

namespace SocialCare.Domain.Deliveries;

/// <summary>What a sender's report did to its reply.</summary>
/// <param name="Reply">The reply as it now stands.</param>
/// <param name="Changed">False when the delivery was already settled (a repeated report).</param>
/// <param name="Undelivered">The delivery failed for good: the conversation is back with the agent.</param>
[GenerateSerializer, Immutable]
public sealed record DeliveryChange(
    [property: Id(0)] ConversationMessage Reply,
    [property: Id(1)] bool Changed,
    [property: Id(2)] bool Undelivered);
