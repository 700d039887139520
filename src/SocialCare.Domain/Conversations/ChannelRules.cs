using System.Globalization;
using SocialCare.Domain.Errors;

namespace SocialCare.Domain.Conversations;

/// <summary>
/// What each network accepts as an answer, checked before a reply is stored so an agent learns at
/// once (FAILED_PRECONDITION, in words they can act on) instead of from a delivery that fails later.
/// </summary>
public static class ChannelRules
{
    /// <summary>Messenger and WhatsApp take a free-form message only this long after the customer's last one.</summary>
    public static readonly TimeSpan CustomerWindow = TimeSpan.FromHours(24);

    /// <summary>Facebook and Instagram take one private reply to a comment, within this long of it.</summary>
    public static readonly TimeSpan PrivateReplyWindow = TimeSpan.FromDays(7);

    /// <summary>How many answered comments a conversation remembers (the rule is about recent ones).</summary>
    public const int RememberedPrivateReplies = 100;

    public static void RequireReplyAllowed(Conversation conversation, Visibility visibility, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var last = conversation.LastCustomerMessageAt;
        switch (conversation.Channel)
        {
            case Channel.Messenger or Channel.WhatsApp when last is { } at && now - at > CustomerWindow:
                var network = conversation.Channel == Channel.WhatsApp ? "WhatsApp" : "Messenger";
                var outside = conversation.Channel == Channel.WhatsApp
                    ? "Outside it WhatsApp takes only an approved message template, which SocialCare does not send yet."
                    : "Outside it Messenger takes no message from a page.";
                throw CareException.Precondition(
                    $"{network} accepts a reply only within 24 hours of the customer's last message, which was {Ago(now - at)} ago ({at:u}). {outside} Wait until the customer writes again, or reach them on another channel.");

            case Channel.X when visibility == Visibility.Public && conversation.LastCustomerPostUnaddressed:
                throw CareException.Precondition(
                    $"The customer's post {conversation.LastCustomerNetworkMessageId} names the brand without mentioning, quoting or answering its account, and X lets an app reply publicly only to posts that do. Reply privately (a direct message), or wait for the customer to mention the brand.");

            case Channel.Facebook or Channel.Instagram when visibility == Visibility.Private:
                var comment = conversation.LastCustomerNetworkMessageId;
                if (comment is not null && conversation.PrivatelyAnswered.Contains(comment))
                {
                    throw CareException.Precondition(
                        $"The customer's comment {comment} already has its private reply: {conversation.Channel} allows one per comment. Answer publicly, or wait for the customer to write again.");
                }

                if (last is { } commented && now - commented > PrivateReplyWindow)
                {
                    throw CareException.Precondition(
                        $"{conversation.Channel} allows a private reply to a comment only within 7 days of it; the customer's last comment was {Ago(now - commented)} ago. Answer publicly instead.");
                }

                break;
        }
    }

    /// <summary>Notes a private reply to the customer's latest comment, so a second one is refused.</summary>
    public static void RecordReply(Conversation conversation, Visibility visibility)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        if (conversation.Channel is Channel.Facebook or Channel.Instagram
            && visibility == Visibility.Private
            && conversation.LastCustomerNetworkMessageId is { } comment)
        {
            conversation.PrivatelyAnswered.Add(comment);
            if (conversation.PrivatelyAnswered.Count > RememberedPrivateReplies)
            {
                conversation.PrivatelyAnswered.RemoveAt(0);
            }
        }
    }

    private static string Ago(TimeSpan span) =>
        span.TotalHours < 48
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} hours")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays} days");
}
