namespace SocialCare.Domain.Deliveries;

/// <summary>Where a reply stands on its way to the customer's network.</summary>
public enum DeliveryState
{
    /// <summary>Stored and waiting for a sender (first try, or the next one after a retryable failure).</summary>
    Pending = 1,

    /// <summary>Leased to one sender; if its lease runs out unreported, the delivery is pending again.</summary>
    Sending = 2,

    /// <summary>The network took it and gave its message id.</summary>
    Sent = 3,

    /// <summary>Given up: the network refused it for good, or every retry failed.</summary>
    Failed = 4,
}
