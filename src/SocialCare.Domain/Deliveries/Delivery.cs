using SocialCare.Domain.Conversations;

namespace SocialCare.Domain.Deliveries;

/// <summary>
/// A reply's outbox row: what a sender needs to publish it on the customer's network, and where
/// it stands. Written in the same journal transaction as the reply's message, so a reply is never
/// stored without its delivery; its conversation is the only writer of its state after that, and
/// the journal's lease (which a sender takes) the only other change.
/// </summary>
/// <param name="TenantId">The brand.</param>
/// <param name="DeliveryId">Unique within the tenant: the conversation and the message's number (see <see cref="DeliveryIds"/>).</param>
/// <param name="ConversationId">The conversation the reply belongs to.</param>
/// <param name="MessageSequence">The reply's message number in it.</param>
/// <param name="Channel">The network.</param>
/// <param name="AccountId">The brand's account on that network that sends it ("" when the mention did not say).</param>
/// <param name="Visibility">A public reply (a post or comment answer) or a private one (a direct message).</param>
/// <param name="InReplyToId">The network's id of the customer's message it answers.</param>
/// <param name="RecipientId">The customer's network user id (the address of a private message).</param>
/// <param name="Text">The reply exactly as it is to be published (signature included).</param>
/// <param name="State">Where it stands.</param>
/// <param name="FailedAttempts">Failed tries so far.</param>
/// <param name="DueAt">Pending: when it may be tried. Sending: when the lease runs out. Settled: null.</param>
/// <param name="CreatedAt">When the reply was stored.</param>
[GenerateSerializer, Immutable]
public sealed record Delivery(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string DeliveryId,
    [property: Id(2)] string ConversationId,
    [property: Id(3)] int MessageSequence,
    [property: Id(4)] Channel Channel,
    [property: Id(5)] string AccountId,
    [property: Id(6)] Visibility Visibility,
    [property: Id(7)] string? InReplyToId,
    [property: Id(8)] string? RecipientId,
    [property: Id(9)] string Text,
    [property: Id(10)] DeliveryState State,
    [property: Id(11)] int FailedAttempts,
    [property: Id(12)] DateTimeOffset? DueAt,
    [property: Id(13)] DateTimeOffset CreatedAt)
{
    /// <summary>The sender holding the lease (sending only).</summary>
    [Id(14)] public string? LeaseOwner { get; init; }

    /// <summary>How many times a sender took it (more than the tries when a sender died holding it).</summary>
    [Id(15)] public int Leases { get; init; }

    [Id(16)] public string? NetworkMessageId { get; init; }

    [Id(17)] public DateTimeOffset? SentAt { get; init; }

    [Id(18)] public string? LastError { get; init; }

    /// <summary>The customer's message was a direct message: a private reply goes to the customer, not to a comment.</summary>
    [Id(19)] public bool AnswersPrivateMessage { get; init; }

    /// <summary>
    /// Set for a retraction: the network's id of the published reply to delete. The sender deletes
    /// it instead of publishing <see cref="Text"/> (which says why, for the trail).
    /// </summary>
    [Id(20)] public string? Retracts { get; init; }

    /// <summary>How <see cref="RecipientId"/> names a group (a WhatsApp group's conversation): this prefix, then the group's id.</summary>
    public const string GroupRecipient = "group:";

    /// <summary>The row for a reply of <paramref name="conversation"/>, as its message's delivery now stands.</summary>
    public static Delivery Of(Conversation conversation, ConversationMessage reply)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(reply);
        var delivery = reply.Delivery ?? throw new ArgumentException($"Message {reply.MessageId} has no delivery.", nameof(reply));
        return new Delivery(
            conversation.TenantId,
            delivery.DeliveryId,
            conversation.ConversationId,
            reply.Sequence,
            conversation.Channel,
            conversation.AccountId ?? "",
            reply.Visibility,
            reply.InReplyToId,
            conversation.GroupId is { } group ? GroupRecipient + group : conversation.Author?.NetworkUserId,
            reply.Text,
            delivery.State,
            delivery.FailedAttempts,
            delivery.State == DeliveryState.Pending ? delivery.NextAttemptAt ?? reply.ReceivedAt : null,
            reply.ReceivedAt)
        {
            NetworkMessageId = delivery.NetworkMessageId,
            SentAt = delivery.SentAt,
            LastError = delivery.LastError,
            AnswersPrivateMessage = conversation.LastCustomerMessagePrivate,
            Retracts = reply.RetractsNetworkMessageId,
        };
    }

    /// <summary>Whether a sender may take it at <paramref name="now"/>: due and pending, or sending under a lease that ran out.</summary>
    public bool IsLeasable(DateTimeOffset now) =>
        State is DeliveryState.Pending or DeliveryState.Sending && DueAt is { } due && due <= now;
}
