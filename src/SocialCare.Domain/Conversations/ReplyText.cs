using SocialCare.Domain.Errors;
using SocialCare.Domain.Text;

namespace SocialCare.Domain.Conversations;

/// <summary>Rules for what agents write: replies must fit their channel, notes must say something.</summary>
public static class ReplyText
{
    /// <summary>The reply as it will be sent: the text, then the agent's signature.</summary>
    public static string Compose(string? text, string? signature, Channel channel, Visibility visibility)
    {
        var body = FieldRules.RequireText("text", text);
        FieldRules.Bounded("signature", signature, ConversationLimits.MaxSignatureLength);
        var full = string.IsNullOrWhiteSpace(signature) ? body : $"{body} {signature.Trim()}";
        var characters = TextLength.Characters(full);
        if (characters > ConversationLimits.MaxTextLength)
        {
            throw CareException.Invalid("text", $"is {characters} characters with the signature; the limit is {ConversationLimits.MaxTextLength}.");
        }

        if (visibility == Visibility.Public && ChannelProfile.Of(channel) is { PublicReplyLimit: { } limit } profile)
        {
            // The one network with its own count is X's (an emoji or CJK character 2, a link 23).
            var weighted = TextLength.XWeighted(full);
            if (weighted > limit)
            {
                throw CareException.Invalid(
                    "text",
                    $"a public reply on {profile.Name} is at most {limit} characters as {profile.Name} counts them (an emoji or CJK character counts 2, a link 23), signature included; this one counts {weighted}. Shorten it or reply privately.");
            }
        }

        return full;
    }

    /// <summary>The first characters of a text for lists; never cuts a character (an emoji, an accented letter) in half.</summary>
    public static string Preview(string text)
    {
        if (text.Length <= ConversationLimits.PreviewLength)
        {
            return text;
        }

        var end = 0;
        var characters = 0;
        while (end < text.Length && characters < ConversationLimits.PreviewLength - 1)
        {
            end += System.Globalization.StringInfo.GetNextTextElementLength(text, end);
            characters++;
        }

        return end >= text.Length ? text : string.Concat(text.AsSpan(0, end), "…");
    }
}
