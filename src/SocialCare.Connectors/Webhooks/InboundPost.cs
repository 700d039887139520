using SocialCare.Domain.Conversations;

namespace SocialCare.Connectors.Webhooks;

/// <summary>
/// One customer post, comment or direct message read from a network's webhook, before it is
/// given a tenant (by <paramref name="AccountId"/>, the brand's page, account or number) and
/// ingested as a mention.
/// </summary>
/// <param name="AccountId">The brand's account the post reached: a Facebook page, an Instagram account, a WhatsApp phone number id.</param>
/// <param name="IsEcho">A message the brand's own account sent (our delivery coming back), never a customer's.</param>
/// <param name="Addressed">
/// Whether the post names the brand's account (a mention, a quote, a reply, a comment on its page, a
/// direct message). X lets a self-serve app reply publicly only to such posts.
/// </param>
public sealed record InboundPost(
    Channel Channel,
    string AccountId,
    string NetworkMessageId,
    string? ThreadId,
    string? InReplyToId,
    string AuthorId,
    string? AuthorName,
    string Text,
    Visibility Visibility,
    DateTimeOffset? CreatedAt,
    bool IsEcho,
    bool Addressed = true)
{
    /// <summary>For an echo of a message SocialCare sent: the delivery id its sender attached (Send API metadata).</summary>
    public string? EchoOfDelivery { get; init; }

    /// <summary>The author's name as shown on the network ("Ann Smith"), when it says; the handle otherwise.</summary>
    public string? AuthorDisplayName { get; init; }

    /// <summary>The author's follower count as the network reported it with the post; null when it did not.</summary>
    public long? AuthorFollowers { get; init; }

    /// <summary>The network marks the author as verified (an organisation, a public figure).</summary>
    public bool AuthorVerified { get; init; }

    /// <summary>The post's language (ISO 639-1) as the network detected it, when it says.</summary>
    public string? Language { get; init; }

    /// <summary>What came with the words (then <see cref="Text"/> may be empty).</summary>
    public IReadOnlyList<Attachment> Attachments { get; init; } = [];

    /// <summary>The option the customer tapped: a button, a list row, a postback, a quick reply.</summary>
    public CustomerChoice? Choice { get; init; }

    /// <summary>The ad, link or post that brought the customer.</summary>
    public Referral? Referral { get; init; }

    /// <summary>Another app held the thread when the customer wrote (Meta's handover protocol's standby channel).</summary>
    public bool Standby { get; init; }

    /// <summary>The group the message was posted in (a WhatsApp group); <see cref="AuthorId"/> is then the member who wrote.</summary>
    public string? GroupId { get; init; }
}

/// <summary>What one webhook request carried: its posts, and how many events were not posts (reactions, edits, delivery statuses).</summary>
public sealed record WebhookBatch(IReadOnlyList<InboundPost> Posts, int Skipped)
{
    /// <summary>The skipped events by reason (<see cref="WebhookSkips"/>); their counts add up to <see cref="Skipped"/>.</summary>
    public IReadOnlyDictionary<string, int> Skips { get; init; } = new Dictionary<string, int>();

    /// <summary>The network's word that messages SocialCare sent were published, each naming its delivery.</summary>
    public IReadOnlyList<DeliveryConfirmation> Confirmations { get; init; } = [];

    /// <summary>Edits, deletions and reactions: changes to messages already sent, never new ones.</summary>
    public IReadOnlyList<InboundChange> Changes { get; init; } = [];
}

/// <summary>
/// A network's report that a message already sent changed: <paramref name="AuthorId"/> is the
/// customer who changed it (the conversation is theirs), <paramref name="Change"/> names the
/// message by its network id.
/// </summary>
public sealed record InboundChange(Channel Channel, string AuthorId, MessageChange Change)
{
    /// <summary>In a group (a WhatsApp group), the group: its conversation holds the message changed.</summary>
    public string? GroupId { get; init; }
}

/// <summary>
/// A network's status for a message we sent that carries our delivery id (WhatsApp's
/// biz_opaque_callback_data): sent, or, with <see cref="Failure"/>, never delivered after all.
/// </summary>
public sealed record DeliveryConfirmation(string DeliveryId, string NetworkMessageId, DateTimeOffset? At)
{
    /// <summary>Why the network could not deliver it; null when it was delivered.</summary>
    public string? Failure { get; init; }
}
