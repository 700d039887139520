using Google.Protobuf.WellKnownTypes;
using SocialCare.Api.Common;
using SocialCare.Api.Conversations;
using SocialCare.Connectors.Webhooks;

namespace SocialCare.Api.Webhooks;

/// <summary>A post read from a webhook, as the mention a connector would have sent through IngestMention.</summary>
public static class InboundPostMapping
{
    public static Wire.Mention ToMention(this InboundPost post, string tenantId)
    {
        ArgumentNullException.ThrowIfNull(post);
        var mention = new Wire.Mention
        {
            TenantId = tenantId,
            Channel = post.Channel.ToProto(),
            NetworkMessageId = post.NetworkMessageId,
            ThreadId = post.ThreadId ?? "",
            InReplyToId = post.InReplyToId ?? "",
            Author = new Wire.Author
            {
                NetworkUserId = post.AuthorId,
                Handle = post.AuthorName ?? post.AuthorId,
                DisplayName = post.AuthorName ?? "",
            },
            Text = post.Text,
            Visibility = post.Visibility.ToProto(),
            CreateTime = post.CreatedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
            KeywordMatch = !post.Addressed,
            AccountId = post.AccountId,
            Language = post.Language ?? "",
            Choice = post.Choice?.ToProto(),
            Referral = post.Referral?.ToProto(),
            Standby = post.Standby,
            GroupId = post.GroupId ?? "",
        };
        mention.Attachments.AddRange(post.Attachments.Select(MessageContentMapping.ToProto));
        return mention;
    }
}
