namespace SocialCare.Domain.Deliveries;

/// <summary>
/// A reply's delivery as its message shows it: the outbox row's state without the sender's lease,
/// which changes too often to rewrite the message for (a delivery being sent shows as pending).
/// </summary>
/// <param name="DeliveryId">The outbox row's id, also the idempotency key senders pass to the network.</param>
/// <param name="State">Pending, sent or failed.</param>
/// <param name="FailedAttempts">Tries that failed and were retried (rate limiting is not a failure).</param>
[GenerateSerializer, Immutable]
public sealed record MessageDelivery(
    [property: Id(0)] string DeliveryId,
    [property: Id(1)] DeliveryState State,
    [property: Id(2)] int FailedAttempts)
{
    /// <summary>The network's id of the published message, once sent.</summary>
    [Id(3)] public string? NetworkMessageId { get; init; }

    /// <summary>When the network published it.</summary>
    [Id(4)] public DateTimeOffset? SentAt { get; init; }

    /// <summary>Why the last try failed (for a pending delivery: why it is being retried).</summary>
    [Id(5)] public string? LastError { get; init; }

    /// <summary>When the next try is due (pending only).</summary>
    [Id(6)] public DateTimeOffset? NextAttemptAt { get; init; }

    public bool IsSettled => State is DeliveryState.Sent or DeliveryState.Failed;

    public static MessageDelivery Pending(string deliveryId, DateTimeOffset now) =>
        new(deliveryId, DeliveryState.Pending, 0) { NextAttemptAt = now };
}
