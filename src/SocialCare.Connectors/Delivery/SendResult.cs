using SocialCare.Domain.Deliveries;

namespace SocialCare.Connectors.Delivery;

/// <summary>What one try at the network gave: the report a sender makes of it.</summary>
public sealed record SendResult(DeliveryOutcome Outcome, string? NetworkMessageId = null, string? Reason = null, TimeSpan? RetryAfter = null)
{
    public static SendResult Sent(string networkMessageId) => new(DeliveryOutcome.Sent, networkMessageId);

    public static SendResult Retryable(string reason) => new(DeliveryOutcome.Retryable, Reason: reason);

    public static SendResult Rejected(string reason) => new(DeliveryOutcome.Rejected, Reason: reason);

    public static SendResult RateLimited(string reason, TimeSpan? retryAfter) => new(DeliveryOutcome.RateLimited, Reason: reason, RetryAfter: retryAfter);
}
