using System.Globalization;
using SocialCare.Domain.Errors;

namespace SocialCare.Domain.Conversations;

/// <summary>
/// What each network accepts as an answer (its <see cref="ChannelProfile"/>), checked before a
/// reply is stored so an agent learns at once (FAILED_PRECONDITION, in words they can act on)
/// instead of from a delivery that fails later.
/// </summary>
public static class ChannelRules
{
    /// <summary>How many answered comments a conversation remembers (the rule is about recent ones).</summary>
    public const int RememberedPrivateReplies = 100;

    public static void RequireReplyAllowed(Conversation conversation, Visibility visibility, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var profile = ChannelProfile.Of(conversation.Channel);
        var last = conversation.LastCustomerMessageAt;
        if (profile.CustomerWindow is { } window && last is { } at && now - at > window)
        {
            throw CareException.Precondition(
                $"{profile.Name} accepts a reply only within {(int)window.TotalHours} hours of the customer's last message, which was {Ago(now - at)} ago ({at:u}). {profile.OutsideWindow} Wait until the customer writes again, or reach them on another channel.");
        }

        if (profile.PublicReplyOnlyToAddressedPosts && visibility == Visibility.Public && conversation.LastCustomerPostUnaddressed)
        {
            throw CareException.Precondition(
                $"The customer's post {conversation.LastCustomerNetworkMessageId} names the brand without mentioning, quoting or answering its account, and {profile.Name} lets an app reply publicly only to posts that do. Reply privately (a direct message), or wait for the customer to mention the brand.");
        }

        if (profile.PrivateReplyToCommentWindow is { } commentWindow && visibility == Visibility.Private)
        {
            var comment = conversation.LastCustomerNetworkMessageId;
            if (comment is not null && conversation.PrivatelyAnswered.Contains(comment))
            {
                throw CareException.Precondition(
                    $"The customer's comment {comment} already has its private reply: {profile.Name} allows one per comment. Answer publicly, or wait for the customer to write again.");
            }

            if (last is { } commented && now - commented > commentWindow)
            {
                throw CareException.Precondition(
                    $"{profile.Name} allows a private reply to a comment only within {(int)commentWindow.TotalDays} days of it; the customer's last comment was {Ago(now - commented)} ago. Answer publicly instead.");
            }
        }
    }

    /// <summary>Notes a private reply to the customer's latest comment, so a second one is refused.</summary>
    public static void RecordReply(Conversation conversation, Visibility visibility)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        if (ChannelProfile.Of(conversation.Channel).PrivateReplyToCommentWindow is not null
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
