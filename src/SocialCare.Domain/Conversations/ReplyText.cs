using SocialCare.Domain.Errors;

namespace SocialCare.Domain.Conversations;

/// <summary>Rules for what agents write: replies must fit their channel, notes must say something.</summary>
public static class ReplyText
{
    /// <summary>The reply as it will be sent: the text, then the agent's signature.</summary>
    public static string Compose(string? text, string? signature, Channel channel, Visibility visibility)
    {
        var body = RequireText("text", text);
        var full = string.IsNullOrWhiteSpace(signature) ? body : $"{body} {signature.Trim()}";
        if (full.Length > ConversationLimits.MaxTextLength)
        {
            throw CareException.Invalid("text", $"is {full.Length} characters with the signature; the limit is {ConversationLimits.MaxTextLength}.");
        }

        if (channel == Channel.X && visibility == Visibility.Public && full.Length > ConversationLimits.MaxPublicXReplyLength)
        {
            throw CareException.Invalid(
                "text",
                $"a public reply on X is at most {ConversationLimits.MaxPublicXReplyLength} characters including the signature; this one has {full.Length}. Shorten it or reply privately.");
        }

        return full;
    }

    public static string RequireText(string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw CareException.Invalid(field, "is required and must not be blank.");
        }

        if (text.Length > ConversationLimits.MaxTextLength)
        {
            throw CareException.Invalid(field, $"is {text.Length} characters; the limit is {ConversationLimits.MaxTextLength}.");
        }

        return text.Trim();
    }

    public static string Preview(string text) =>
        text.Length <= ConversationLimits.PreviewLength ? text : string.Concat(text.AsSpan(0, ConversationLimits.PreviewLength - 1), "…");
}
