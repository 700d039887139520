namespace SocialCare.Domain.Conversations;

/// <summary>
/// What SocialCare knows of one network's rules for an answer, as data: how public replies are
/// counted, how long after the customer's last message a reply is taken, whether a private reply
/// to a comment is once only, and how many failed deliveries it is worth retrying. The rules
/// (<see cref="ChannelRules"/>, <see cref="ReplyText"/>, <see cref="Deliveries.DeliveryRetry"/>) read
/// them from here, so a new channel is a profile, not edits across the domain.
/// </summary>
/// <param name="Name">The network as people name it, for messages ("WhatsApp").</param>
/// <param name="PublicReplyLimit">The longest public reply as the network counts it (X: an emoji or CJK character 2, a link 23); null: only SocialCare's own limit.</param>
/// <param name="CustomerWindow">How long after the customer's last message the network takes a free-form reply; null: always.</param>
/// <param name="OutsideWindow">What the network takes outside <see cref="CustomerWindow"/>, for the refusal.</param>
/// <param name="PrivateReplyToCommentWindow">A comment takes one private reply, within this long of it; null: no such rule.</param>
/// <param name="PublicReplyOnlyToAddressedPosts">A public reply only to a post that mentions, quotes or answers the brand's account (X's rule for apps).</param>
/// <param name="MaxDeliveryFailures">Failures after which a delivery is given up.</param>
public sealed record ChannelProfile(
    Channel Channel,
    string Name,
    int? PublicReplyLimit,
    TimeSpan? CustomerWindow,
    string? OutsideWindow,
    TimeSpan? PrivateReplyToCommentWindow,
    bool PublicReplyOnlyToAddressedPosts,
    int MaxDeliveryFailures)
{
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);

    private static readonly Dictionary<Channel, ChannelProfile> Profiles = new[]
    {
        // X answers a post in public within minutes or the answer loses its point: fewer retries.
        new ChannelProfile(Channel.X, "X", ConversationLimits.MaxPublicXReplyLength, null, null, null, PublicReplyOnlyToAddressedPosts: true, MaxDeliveryFailures: 6),
        // The Graph and WhatsApp APIs have longer outages, and windows of a day.
        new ChannelProfile(Channel.Facebook, "Facebook", null, null, null, TimeSpan.FromDays(7), false, 10),
        new ChannelProfile(Channel.Instagram, "Instagram", null, null, null, TimeSpan.FromDays(7), false, 10),
        new ChannelProfile(Channel.Messenger, "Messenger", null, Day, "Outside it Messenger takes no message from a page.", null, false, 10),
        new ChannelProfile(Channel.WhatsApp, "WhatsApp", null, Day, "Outside it WhatsApp takes only an approved message template, which SocialCare does not send yet.", null, false, 10),
        new ChannelProfile(Channel.Email, "E-mail", null, null, null, null, false, 8),
        new ChannelProfile(Channel.WebChat, "Web chat", null, null, null, null, false, 8),
    }.ToDictionary(p => p.Channel);

    /// <summary>The profile of <paramref name="channel"/>; a value no network has gets SocialCare's own limits only.</summary>
    public static ChannelProfile Of(Channel channel) =>
        Profiles.TryGetValue(channel, out var profile) ? profile : new ChannelProfile(channel, channel.ToString(), null, null, null, null, false, 8);
}
