using SocialCare.Api.Common;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Tenants;

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
        RequireId(Field + ".network_message_id", mention.NetworkMessageId);
        OptionalId(Field + ".thread_id", mention.ThreadId);
        OptionalId(Field + ".in_reply_to_id", mention.InReplyToId);
        if (mention.Author is null)
        {
            throw CareException.Invalid(Field + ".author", "is required.");
        }

        RequireId(Field + ".author.network_user_id", mention.Author.NetworkUserId);
        Bounded(Field + ".author.handle", mention.Author.Handle);
        Bounded(Field + ".author.display_name", mention.Author.DisplayName);
        if (mention.Author.FollowerCount < 0)
        {
            throw CareException.Invalid(Field + ".author.follower_count", "must not be negative.");
        }

        var text = ReplyText.RequireText(Field + ".text", mention.Text);
        DateTimeOffset? created = null;
        if (mention.CreateTime is { } timestamp)
        {
            try
            {
                created = timestamp.ToDateTimeOffset();
            }
            catch (InvalidOperationException)
            {
                throw CareException.Invalid(Field + ".create_time", "is not a valid timestamp.");
            }
        }

        return new Mention(
            mention.TenantId,
            channel,
            mention.NetworkMessageId,
            Empty(mention.ThreadId),
            Empty(mention.InReplyToId),
            new AuthorProfile(
                mention.Author.NetworkUserId,
                mention.Author.Handle,
                mention.Author.DisplayName,
                mention.Author.FollowerCount,
                mention.Author.Verified),
            text,
            mention.Visibility.ToDomain(Field + ".visibility"),
            created);
    }

    private static void RequireId(string field, string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw CareException.Invalid(field, "is required.");
        }

        OptionalId(field, value);
    }

    private static void OptionalId(string field, string value)
    {
        if (value.Length > ConversationLimits.MaxIdLength)
        {
            throw CareException.Invalid(field, $"is longer than {ConversationLimits.MaxIdLength} characters.");
        }

        if (value.Any(char.IsControl))
        {
            throw CareException.Invalid(field, "must not contain control characters.");
        }
    }

    private static void Bounded(string field, string value)
    {
        if (value.Length > ConversationLimits.MaxNameLength)
        {
            throw CareException.Invalid(field, $"is longer than {ConversationLimits.MaxNameLength} characters.");
        }
    }

    private static string? Empty(string value) => value.Length == 0 ? null : value;
}
