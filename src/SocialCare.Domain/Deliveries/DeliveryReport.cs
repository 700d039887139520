namespace SocialCare.Domain.Deliveries;

/// <summary>A sender's account of one try at a delivery.</summary>
/// <param name="DeliveryId">The delivery tried (the idempotency key: a second report of a settled delivery changes nothing).</param>
/// <param name="Outcome">What happened.</param>
/// <param name="NetworkMessageId">For <see cref="DeliveryOutcome.Sent"/>: the network's id of the message it published.</param>
/// <param name="Reason">For failures: what the network or the connection said, in words an agent can read.</param>
/// <param name="RetryAfter">For rate limiting: how long the network asked us to wait, when it said.</param>
/// <param name="SentAt">For <see cref="DeliveryOutcome.Sent"/>: when the network published it, when it said.</param>
[GenerateSerializer, Immutable]
public sealed record DeliveryReport(
    [property: Id(0)] string DeliveryId,
    [property: Id(1)] DeliveryOutcome Outcome,
    [property: Id(2)] string? NetworkMessageId = null,
    [property: Id(3)] string? Reason = null,
    [property: Id(4)] TimeSpan? RetryAfter = null,
    [property: Id(5)] DateTimeOffset? SentAt = null);
