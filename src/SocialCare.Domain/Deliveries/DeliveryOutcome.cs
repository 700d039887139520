namespace SocialCare.Domain.Deliveries;

/// <summary>What a sender reports after one try.</summary>
public enum DeliveryOutcome
{
    /// <summary>The network accepted the message.</summary>
    Sent = 1,

    /// <summary>A failure worth retrying: a 5xx, a timeout, a reset connection.</summary>
    Retryable = 2,

    /// <summary>The network refused the message for good (a 4xx other than rate limiting): retrying cannot help.</summary>
    Rejected = 3,

    /// <summary>The network asked us to slow down (429 or its rate-limit headers): back off without counting a failure.</summary>
    RateLimited = 4,

    /// <summary>
    /// The network took the message, then said it never reached the customer (WhatsApp's
    /// "failed" status after "sent"): a delivery already sent fails after all.
    /// </summary>
    Undelivered = 5,
}
