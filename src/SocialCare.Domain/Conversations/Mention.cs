namespace SocialCare.Domain.Conversations;

/// <summary>An inbound customer post, comment or direct message, as a connector delivered it.</summary>
[GenerateSerializer, Immutable]
public sealed record Mention(
    [property: Id(0)] string TenantId,
    [property: Id(1)] Channel Channel,
    [property: Id(2)] string NetworkMessageId,
    [property: Id(3)] string? ThreadId,
    [property: Id(4)] string? InReplyToId,
    [property: Id(5)] AuthorProfile Author,
    [property: Id(6)] string Text,
    [property: Id(7)] Visibility Visibility,
    [property: Id(8)] DateTimeOffset? CreatedAt)
{
    /// <summary>Found by searching for the brand's name: the post does not mention, quote or answer the brand's account.</summary>
    [Id(9)] public bool KeywordMatch { get; init; }

    /// <summary>The brand's account the post was addressed to or found by (the account replies are sent from); "" when the connector did not say.</summary>
    [Id(10)] public string AccountId { get; init; } = "";

    /// <summary>The post's language as the network or connector gave it (ISO 639-1), if it did.</summary>
    [Id(11)] public string? Language { get; init; }

    /// <summary>What came with the words: photos, files, places, contact cards, shared posts.</summary>
    [Id(12)] public IReadOnlyList<Attachment> Attachments { get; init; } = [];

    /// <summary>The option the customer tapped, when they answered with a tap (then <see cref="Text"/> may be empty).</summary>
    [Id(13)] public CustomerChoice? Choice { get; init; }

    /// <summary>The ad, link or post that brought the customer here, when the network says.</summary>
    [Id(14)] public Referral? Referral { get; init; }

    /// <summary>Another app held the thread when the customer wrote (Meta's handover protocol).</summary>
    [Id(15)] public bool Standby { get; init; }

    /// <summary>
    /// The group the message was posted in (a WhatsApp group), or null. A group's conversation is
    /// the group's: every member's messages join it, <see cref="Author"/> is the member who wrote,
    /// and replies go to the group.
    /// </summary>
    [Id(16)] public string? GroupId { get; init; }

    /// <summary>What triage and tracking rules read: the words, captions and the title tapped.</summary>
    public string Readable => MessageContent.Readable(Text, Attachments, Choice);

    /// <summary>The queue's line for this message.</summary>
    public string Preview => MessageContent.Preview(Text, Attachments, Choice);
}
