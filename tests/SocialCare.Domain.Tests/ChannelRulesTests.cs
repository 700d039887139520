using SocialCare.Domain.Access;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Errors;

namespace SocialCare.Domain.Tests;

public sealed class ChannelRulesTests
{
    private static readonly DateTimeOffset T0 = Samples.Monday0900;
    private static readonly CareActor Jd = CareActor.Agent("jd");

    private static Conversation Opened(Channel channel, DateTimeOffset at)
    {
        var conversation = new Conversation();
        conversation.Open("c1", "cust1", "first-line", Samples.Mention("m1", channel: channel) with { CreatedAt = at }, Samples.Triage(), at);
        return conversation;
    }

    private static CareException Refused(Conversation conversation, Visibility visibility, DateTimeOffset at)
    {
        var refused = Assert.Throws<CareException>(() => conversation.Reply(Jd, "We're on it.", null, visibility, null, at));
        Assert.Equal(CareErrorKind.FailedPrecondition, refused.Kind);
        return refused;
    }

    [Theory]
    [InlineData(Channel.Messenger, "Messenger")]
    [InlineData(Channel.WhatsApp, "template")]
    public void Messenger_and_whatsapp_take_a_reply_only_within_24_hours_of_the_customers_last_message(Channel channel, string said)
    {
        var conversation = Opened(channel, T0);
        Assert.True(conversation.Reply(Jd, "Hello!", null, Visibility.Private, null, T0.AddHours(23)).Created);

        var refused = Refused(conversation, Visibility.Private, T0.AddHours(25));
        Assert.Contains("24 hours", refused.Message, StringComparison.Ordinal);
        Assert.Contains(said, refused.Message, StringComparison.Ordinal);

        // The customer writes again: the window opens again from their message.
        conversation.AcceptInbound(Samples.Mention("m2", channel: channel) with { CreatedAt = T0.AddHours(30) }, Samples.Triage(), TimeSpan.FromDays(7), T0.AddHours(30));
        Assert.True(conversation.Reply(Jd, "Thanks, done.", null, Visibility.Private, null, T0.AddHours(31)).Created);
    }

    [Theory]
    [InlineData(Channel.Facebook)]
    [InlineData(Channel.Instagram)]
    public void A_comment_gets_one_private_reply_within_7_days_and_public_replies_are_not_limited(Channel channel)
    {
        var conversation = Opened(channel, T0);
        Assert.True(conversation.Reply(Jd, "Sent you a DM.", null, Visibility.Private, null, T0.AddHours(1)).Created);
        Assert.Contains("m1", Refused(conversation, Visibility.Private, T0.AddHours(2)).Message, StringComparison.Ordinal);
        Assert.True(conversation.Reply(Jd, "See your inbox.", null, Visibility.Public, null, T0.AddHours(2)).Created);

        conversation.AcceptInbound(Samples.Mention("m2", channel: channel) with { CreatedAt = T0.AddDays(1) }, Samples.Triage(), TimeSpan.FromDays(7), T0.AddDays(1));
        Assert.True(conversation.Reply(Jd, "Answered privately.", null, Visibility.Private, null, T0.AddDays(1)).Created);

        conversation.AcceptInbound(Samples.Mention("m3", channel: channel) with { CreatedAt = T0.AddDays(2) }, Samples.Triage(), TimeSpan.FromDays(7), T0.AddDays(2));
        Assert.Contains("7 days", Refused(conversation, Visibility.Private, T0.AddDays(10)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_reply_changes_nothing_and_other_channels_have_no_window()
    {
        var messenger = Opened(Channel.Messenger, T0);
        var before = messenger.MessageSequence;
        Refused(messenger, Visibility.Private, T0.AddDays(2));
        Assert.Equal(before, messenger.MessageSequence);
        Assert.Null(messenger.AssignedAgentId);

        var x = Opened(Channel.X, T0);
        Assert.True(x.Reply(Jd, "Sorry for the wait.", null, Visibility.Public, null, T0.AddDays(30)).Created);
    }
}

public sealed class XReplyRuleTests
{
    private static readonly DateTimeOffset T0 = Samples.Monday0900;
    private static readonly CareActor Jd = CareActor.Agent("jd");

    [Fact]
    public void A_post_found_by_keyword_gets_no_public_reply_on_x_until_the_customer_addresses_the_brand()
    {
        var conversation = new Conversation();
        conversation.Open("c1", "cust1", "first-line", Samples.Mention("k1") with { KeywordMatch = true }, Samples.Triage(), T0);

        var refused = Assert.Throws<CareException>(() => conversation.Reply(Jd, "Can we help?", null, Visibility.Public, null, T0.AddMinutes(5)));
        Assert.Equal(CareErrorKind.FailedPrecondition, refused.Kind);
        Assert.Contains("Reply privately", refused.Message, StringComparison.Ordinal);
        Assert.True(conversation.Reply(Jd, "Can we help?", null, Visibility.Private, null, T0.AddMinutes(6)).Created);

        conversation.AcceptInbound(Samples.Mention("m2"), Samples.Triage(), TimeSpan.FromDays(7), T0.AddMinutes(10));
        Assert.True(conversation.Reply(Jd, "Thanks for reaching out.", null, Visibility.Public, null, T0.AddMinutes(11)).Created);
    }
}
