using SocialCare.Domain.Conversations;

namespace SocialCare.Connectors.Delivery;

/// <summary>A reply to publish, as a sender receives it from the outbox.</summary>
/// <param name="DeliveryId">The idempotency key, passed to the network wherever it takes one.</param>
/// <param name="AccountId">The brand's account to send from.</param>
/// <param name="InReplyToId">The customer's message it answers (a post, comment or direct message id).</param>
/// <param name="RecipientId">The customer's network user id (X user id, Messenger PSID, Instagram IGSID, WhatsApp wa_id).</param>
/// <param name="AnswersPrivateMessage">The customer's message was a direct message, not a post or comment (a private reply then goes to the customer, not to a comment).</param>
/// <param name="Retracts">For a retraction: the brand's published message to delete instead of publishing <paramref name="Text"/>.</param>
public sealed record OutboundReply(
    string DeliveryId,
    Channel Channel,
    string AccountId,
    Visibility Visibility,
    string? InReplyToId,
    string? RecipientId,
    string Text,
    bool AnswersPrivateMessage = false,
    string? Retracts = null);
