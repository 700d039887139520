using System.Globalization;
using System.Text.Json;
using SocialCare.Domain.Conversations;

namespace SocialCare.Connectors.Webhooks;

/// <summary>
/// Reads an X Account Activity event (after its signature was checked): posts that mention,
/// quote or answer the brand's account (tweet_create_events) and direct messages
/// (direct_message_events). Likes, follows, deletions and other events are counted as skipped.
/// </summary>
public static class XWebhookReader
{
    private const string CreatedAtFormat = "ddd MMM dd HH:mm:ss zzz yyyy";

    /// <exception cref="FormatException">The body is not JSON, or names no account (for_user_id).</exception>
    public static WebhookBatch Read(ReadOnlySpan<byte> body)
    {
        using (var document = Json.Parse(body))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Json.Text(root, "for_user_id") is not { } brand)
            {
                throw new FormatException("\"for_user_id\" is missing: this is not an X Account Activity event.");
            }

            var batch = new WebhookBatchBuilder();
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "for_user_id" or "users" or "user_has_blocked" or "source":
                        break;
                    case "tweet_create_events":
                        ReadEach(property.Value, batch, (tweet, into) => ReadPost(tweet, brand, into));
                        break;
                    case "direct_message_events":
                        ReadEach(property.Value, batch, (message, into) => ReadDirectMessage(message, brand, root, into));
                        break;
                    case "tweet_delete_events":
                        ReadEach(property.Value, batch, (deletion, into) => ReadDeletion(deletion, brand, into));
                        break;
                    default:
                        batch.Skip(WebhookSkips.NotAMessage, property.Value.ValueKind == JsonValueKind.Array ? property.Value.GetArrayLength() : 1);
                        break;
                }
            }

            return batch.Build();
        }
    }

    /// <summary>Each event of an event list; a list that is not one is a single unreadable event.</summary>
    private static void ReadEach(JsonElement events, WebhookBatchBuilder batch, Action<JsonElement, WebhookBatchBuilder> read)
    {
        if (events.ValueKind != JsonValueKind.Array)
        {
            batch.Skip(WebhookSkips.Unreadable);
            return;
        }

        foreach (var @event in events.EnumerateArray())
        {
            batch.Read(@event, read);
        }
    }

    /// <summary>A post; a repost is skipped (it carries no words of the customer's own).</summary>
    private static void ReadPost(JsonElement tweet, string brand, WebhookBatchBuilder into)
    {
        if (Json.Has(tweet, "retweeted_status"))
        {
            into.Skip(WebhookSkips.Repost);
            return;
        }

        if (Json.Text(tweet, "id_str") is not { Length: > 0 } id)
        {
            into.Skip(WebhookSkips.Unreadable);
            return;
        }

        var user = Json.Object(tweet, "user");
        var authorId = Json.Text(user, "id_str") ?? "";
        // Posts over 140 characters carry their whole text in extended_tweet.
        var extended = Json.Object(tweet, "extended_tweet");
        // X escapes &, < and > in a post's text; the agent reads what the customer typed.
        var text = Unescape(Json.Text(extended, "full_text") ?? Json.Text(tweet, "text") ?? "");
        var entities = Json.Object(extended, "entities") is { ValueKind: JsonValueKind.Object } extendedEntities ? extendedEntities : Json.Object(tweet, "entities");
        var media = Json.Object(extended, "extended_entities") is { ValueKind: JsonValueKind.Object } extendedMedia ? extendedMedia
            : Json.Object(tweet, "extended_entities") is { ValueKind: JsonValueKind.Object } tweetMedia ? tweetMedia
            : entities;
        var mentioned = Json.Array(entities, "user_mentions").Any(m => Json.Text(m, "id_str") == brand);
        var quoted = Json.Text(Json.Object(Json.Object(tweet, "quoted_status"), "user"), "id_str") == brand;
        var answers = Json.Text(tweet, "in_reply_to_user_id_str") == brand;
        var at = CreatedAt(Json.Text(tweet, "created_at"));
        into.Add(new InboundPost(
            Channel.X, brand, id, Json.Text(tweet, "conversation_id_str"), Json.Text(tweet, "in_reply_to_status_id_str"), authorId,
            Json.Text(user, "screen_name"), text, Visibility.Public, at, authorId == brand, mentioned || quoted || answers)
        {
            // X's own detection; "und" when it could not tell, which tracking rules treat as unknown.
            Language = Json.Text(tweet, "lang") is { Length: 2 } lang ? lang : null,
            Attachments = AllMedia(media),
            AuthorDisplayName = Json.Text(user, "name"),
            AuthorFollowers = Json.Count(user, "followers_count"),
            AuthorVerified = IsVerified(user),
        });
    }

    /// <summary>
    /// The legacy verified mark, or a verification X gives organisations and officials
    /// ("business", "government"); the paid mark ("blue") says nothing of influence.
    /// </summary>
    private static bool IsVerified(JsonElement user) => Json.Text(user, "verified_type") switch
    {
        "business" or "government" => true,
        null => Json.IsTrue(user, "verified"),
        _ => false,
    };

    /// <summary>Photos, videos and GIFs of a post or a direct message.</summary>
    private static Attachment[] AllMedia(JsonElement entities) =>
        [.. Json.Array(entities, "media").Take(MessageContent.MaxAttachments).Select(Media)];

    private static Attachment Media(JsonElement media)
    {
        var type = Json.Text(media, "type") ?? "";
        return new Attachment(type switch
        {
            "photo" => AttachmentKind.Image,
            "video" or "animated_gif" => AttachmentKind.Video,
            _ => AttachmentKind.Other,
        })
        {
            NetworkType = WebhookContent.Short(type, 64),
            Url = WebhookContent.Link(media, "media_url_https") ?? WebhookContent.Link(media, "media_url"),
            MediaId = WebhookContent.Short(media, "id_str"),
        };
    }

    /// <summary>A post's text as typed: X escapes &amp;, &lt; and &gt; in it (webhooks and search alike).</summary>
    internal static string Unescape(string text) =>
        text.Contains('&', StringComparison.Ordinal)
            ? text.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal)
            : text;

    /// <summary>A post its author deleted: X's terms ask that the deletion be honoured.</summary>
    private static void ReadDeletion(JsonElement deletion, string brand, WebhookBatchBuilder into)
    {
        var status = Json.Object(deletion, "status");
        if (Json.Text(status, "id") is not { Length: > 0 } id || Json.Text(status, "user_id") is not { Length: > 0 } author)
        {
            into.Skip(WebhookSkips.Unreadable);
            return;
        }

        into.Change(new InboundChange(Channel.X, author, new MessageChange(MessageChangeKind.Deleted, brand, id, Json.UnixTime(deletion, "timestamp_ms", milliseconds: true))));
    }

    /// <summary>"Mon Dec 01 20:19:24 +0000 2026": .NET reads an offset only with a colon, so one is put in.</summary>
    private static DateTimeOffset? CreatedAt(string? text)
    {
        if (text is not { Length: > 20 })
        {
            return null;
        }

        var parts = text.Split(' ');
        if (parts.Length != 6 || parts[4].Length != 5)
        {
            return null;
        }

        parts[4] = parts[4].Insert(3, ":");
        return DateTimeOffset.TryParseExact(string.Join(' ', parts), CreatedAtFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var created)
            ? created.ToUniversalTime()
            : null;
    }

    private static void ReadDirectMessage(JsonElement message, string brand, JsonElement root, WebhookBatchBuilder into)
    {
        if (Json.Text(message, "type") != "message_create")
        {
            into.Skip(WebhookSkips.NotAMessage);
            return;
        }

        var create = Json.Object(message, "message_create");
        var sender = Json.Text(create, "sender_id");
        var recipient = Json.Text(Json.Object(create, "target"), "recipient_id");
        var echo = sender == brand;
        var customer = echo ? recipient : sender;
        if (Json.Text(message, "id") is not { Length: > 0 } id || customer is not { Length: > 0 })
        {
            into.Skip(WebhookSkips.Unreadable);
            return;
        }

        var data = Json.Object(create, "message_data");
        var text = Json.Text(data, "text") ?? "";
        var attachment = Json.Object(data, "attachment");
        var attachments = attachment.ValueKind == JsonValueKind.Object ? new[] { Media(Json.Object(attachment, "media")) } : [];
        // A photo's DM text ends with its t.co link, which the attachment now carries.
        var link = Json.Text(Json.Object(attachment, "media"), "url");
        if (attachments.Length > 0 && link is { Length: > 0 } && text.EndsWith(link, StringComparison.Ordinal))
        {
            text = text[..^link.Length].TrimEnd();
        }

        var quickReply = Json.Object(data, "quick_reply_response");
        var choice = quickReply.ValueKind == JsonValueKind.Object ? WebhookContent.Choice(ChoiceKind.QuickReply, text, Json.Text(quickReply, "metadata")) : null;
        var user = Json.Object(Json.Object(root, "users"), customer);
        var name = Json.Text(user, "screen_name");
        var at = Json.UnixTime(message, "created_timestamp", milliseconds: true);
        into.Add(new InboundPost(Channel.X, brand, id, customer, null, customer, name, text.Length == 0 && attachments.Length == 0 && choice is null ? "[message without text]" : text, Visibility.Private, at, echo)
        {
            Attachments = attachments,
            Choice = choice,
            AuthorDisplayName = Json.Text(user, "name"),
            AuthorFollowers = Json.Count(user, "followers_count"),
            AuthorVerified = IsVerified(user),
        });
    }
}
