using SocialCare.Domain.Conversations;
using SocialCare.Domain.Deliveries;

namespace SocialCare.Domain.Tests;

/// <summary>Each network's rules for an answer as data, and the rules reading them from there.</summary>
public sealed class ChannelProfileTests
{
    [Fact]
    public void Every_channel_has_a_profile_named_for_people()
    {
        Assert.All(Enum.GetValues<Channel>(), channel =>
        {
            var profile = ChannelProfile.Of(channel);
            Assert.Equal(channel, profile.Channel);
            Assert.False(string.IsNullOrWhiteSpace(profile.Name));
            Assert.InRange(profile.MaxDeliveryFailures, 1, 20);
            Assert.Equal(profile.CustomerWindow is null, profile.OutsideWindow is null);
        });
    }

    [Theory]
    [InlineData(Channel.WhatsApp, 24, null, false)]
    [InlineData(Channel.Messenger, 24, null, false)]
    [InlineData(Channel.Facebook, null, 7, false)]
    [InlineData(Channel.Instagram, null, 7, false)]
    [InlineData(Channel.X, null, null, true)]
    public void The_networks_windows_and_public_reply_rules_are_theirs(Channel channel, int? windowHours, int? commentDays, bool addressedOnly)
    {
        var profile = ChannelProfile.Of(channel);

        Assert.Equal(windowHours, (int?)profile.CustomerWindow?.TotalHours);
        Assert.Equal(commentDays, (int?)profile.PrivateReplyToCommentWindow?.TotalDays);
        Assert.Equal(addressedOnly, profile.PublicReplyOnlyToAddressedPosts);
        Assert.Equal(profile.MaxDeliveryFailures, DeliveryRetry.MaxFailures(channel));
    }

    [Fact]
    public void Only_x_counts_public_replies_its_own_way()
    {
        Assert.Equal(ConversationLimits.MaxPublicXReplyLength, ChannelProfile.Of(Channel.X).PublicReplyLimit);
        Assert.All(Enum.GetValues<Channel>().Where(c => c != Channel.X), c => Assert.Null(ChannelProfile.Of(c).PublicReplyLimit));
        // 141 emoji count 282 on X: refused in public there, taken on Instagram.
        var emoji = string.Concat(Enumerable.Repeat("😀", 141));
        Assert.Throws<Errors.CareException>(() => ReplyText.Compose(emoji, null, Channel.X, Visibility.Public));
        Assert.Equal(emoji, ReplyText.Compose(emoji, null, Channel.Instagram, Visibility.Public));
    }
}
