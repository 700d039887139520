using SocialCare.Api.Common;
using SocialCare.Api.Conversations;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Tenants;
using SocialCare.Domain.Text;

namespace SocialCare.Api.Ingest;

/// <summary>Validates a mention from the wire; every refusal names the field at fault.</summary>
public static class MentionMapping
{
    /// <summary>
    /// The mention's field in both ingest requests. The field names below are constants, so a
    /// valid mention (nearly all of them) costs no string building.
    /// </summary>
    private const string Field = "mention";

    public static Mention ToDomain(this Wire.Mention? mention)
    {
        if (mention is null)
        {
            throw CareException.Invalid(Field, "is required.");
        }

        Identifiers.RequireSlug(Field + ".tenant_id", mention.TenantId);
        var channel = mention.Channel.ToDomain(Field + ".channel");
        FieldRules.RequireId(Field + ".network_message_id", mention.NetworkMessageId);
        FieldRules.OptionalId(Field + ".thread_id", mention.ThreadId);
        FieldRules.OptionalId(Field + ".in_reply_to_id", mention.InReplyToId);
        FieldRules.OptionalId(Field + ".account_id", mention.AccountId);
        FieldRules.OptionalId(Field + ".group_id", mention.GroupId);
        FieldRules.Bounded(Field + ".language", mention.Language, 16);
        if (mention.Author is null)
        {
            throw CareException.Invalid(Field + ".author", "is required.");
        }

        FieldRules.RequireId(Field + ".author.network_user_id", mention.Author.NetworkUserId);
        FieldRules.Bounded(Field + ".author.handle", mention.Author.Handle, ConversationLimits.MaxNameLength);
        FieldRules.Bounded(Field + ".author.display_name", mention.Author.DisplayName, ConversationLimits.MaxNameLength);
        if (mention.Author.FollowerCount < 0)
        {
            throw CareException.Invalid(Field + ".author.follower_count", "must not be negative.");
        }

        var attachments = mention.Attachments.ToDomain(Field + ".attachments");
        var choice = mention.Choice.ToDomain(Field + ".choice");
        // A photo without a caption or a tapped button is a whole message without words.
        var text = attachments.Count > 0 || choice is not null
            ? FieldRules.OptionalText(Field + ".text", mention.Text) ?? ""
            : FieldRules.RequireText(Field + ".text", mention.Text);
        var created = mention.CreateTime?.ToDomain(Field + ".create_time");

        return new Mention(
            mention.TenantId,
            channel,
            mention.NetworkMessageId,
            ProtoFields.NullIfEmpty(mention.ThreadId),
            ProtoFields.NullIfEmpty(mention.InReplyToId),
            new AuthorProfile(
                mention.Author.NetworkUserId,
                mention.Author.Handle,
                mention.Author.DisplayName,
                mention.Author.FollowerCount,
                mention.Author.Verified),
            text,
            mention.Visibility.ToDomain(Field + ".visibility"),
            created)
        {
            KeywordMatch = mention.KeywordMatch,
            AccountId = mention.AccountId,
            Language = ProtoFields.NullIfEmpty(mention.Language),
            Attachments = attachments,
            Choice = choice,
            Referral = mention.Referral.ToDomain(Field + ".referral"),
            Standby = mention.Standby,
            GroupId = ProtoFields.NullIfEmpty(mention.GroupId),
        };
    }
}
