using System.Text.Json;
using SocialCare.Domain.Conversations;

namespace SocialCare.Connectors.Webhooks;

/// <summary>
/// Reads the events of a Meta webhook request (after its signature was checked): on a Page,
/// customers' posts and comments, @mentions of the Page, reviews and Messenger messages
/// ("page"); on Instagram, comments, Live comments, @mentions and direct messages ("instagram");
/// WhatsApp messages ("whatsapp_business_account"). One request may batch many entries, each with
/// many events. Edits, deletions, unsends and reactions are changes to the message they name;
/// events that are not a customer's words (reads, WhatsApp statuses without our delivery id, the
/// brand's own posts) are counted as skipped with their reason rather than refused, so Meta does
/// not retry them forever; an event of a shape Meta does not send is skipped as unreadable without
/// touching the others.
/// </summary>
public static class MetaWebhookReader
{
    /// <exception cref="FormatException">The body is not JSON, or not a Meta webhook of a kind SocialCare reads.</exception>
    public static WebhookBatch Read(ReadOnlySpan<byte> body)
    {
        using (var document = Json.Parse(body))
        {
            var root = document.RootElement;
            var kind = Json.Text(root, "object");
            if (kind is not ("page" or "instagram" or "whatsapp_business_account"))
            {
                throw new FormatException($"\"object\" is {(kind is null ? "missing" : $"\"{kind}\"")}; SocialCare reads page, instagram and whatsapp_business_account webhooks.");
            }

            if (!root.TryGetProperty("entry", out var entries) || entries.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("\"entry\" is missing or not an array: every Meta webhook carries its events in entries.");
            }

            var batch = new WebhookBatchBuilder();
            var directChannel = kind == "instagram" ? Channel.Instagram : Channel.Messenger;
            foreach (var entry in entries.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object)
                {
                    batch.Skip(WebhookSkips.Unreadable);
                    continue;
                }

                var accountId = Json.Text(entry, "id") ?? "";
                var entryTime = Json.UnixTime(entry, "time");
                foreach (var messaging in Json.Array(entry, "messaging"))
                {
                    batch.Read(messaging, (m, into) => ReadDirectMessage(m, directChannel, accountId, into));
                }

                // Messages of threads another app holds (Meta's handover protocol): still the
                // customer's words to the brand, so stored, and flagged.
                foreach (var messaging in Json.Array(entry, "standby"))
                {
                    batch.Read(messaging, (m, into) => ReadDirectMessage(m, directChannel, accountId, into, standby: true));
                }

                foreach (var change in Json.Array(entry, "changes"))
                {
                    batch.Read(change, (c, into) => ReadChange(kind, c, accountId, entryTime, directChannel, into));
                }
            }

            return batch.Build();
        }
    }

    /// <summary>One change: a comment, a batch of WhatsApp messages and statuses, or (Meta's test tool) a direct message.</summary>
    private static void ReadChange(string kind, JsonElement change, string accountId, DateTimeOffset? entryTime, Channel directChannel, WebhookBatchBuilder into)
    {
        var field = Json.Text(change, "field");
        var value = Json.Object(change, "value");
        if (value.ValueKind != JsonValueKind.Object)
        {
            into.Skip(WebhookSkips.Unreadable);
            return;
        }

        switch (kind, field)
        {
            case ("page", "feed"):
                ReadFacebookFeed(value, accountId, into);
                break;
            case ("page", "mention"):
                ReadPageMention(value, accountId, into);
                break;
            case ("page", "ratings"):
                ReadPageRating(value, accountId, into);
                break;
            case ("instagram", "comments" or "live_comments"):
                ReadInstagramComment(value, accountId, entryTime, into);
                break;
            case ("instagram", "mentions"):
                ReadInstagramMention(value, accountId, entryTime, into);
                break;
            case ("page" or "instagram", "messages"):
                // The App Dashboard's "Test" button sends a direct message as a change, in the
                // shape of a messaging event.
                ReadDirectMessage(value, directChannel, accountId, into);
                break;
            case ("whatsapp_business_account", "messages"):
                ReadWhatsApp(value, into);
                break;
            default:
                into.Skip(WebhookSkips.NotAMessage);
                break;
        }
    }

    /// <summary>
    /// A Messenger or Instagram direct message, with its attachments, quick reply and referral, or
    /// a postback (a tapped button, Get Started, an Instagram ice-breaker question); reads and
    /// deliveries are skipped.
    /// </summary>
    private static void ReadDirectMessage(JsonElement messaging, Channel channel, string accountId, WebhookBatchBuilder into, bool standby = false)
    {
        var message = Json.Object(messaging, "message");
        var postback = Json.Object(messaging, "postback");
        var sender = Json.Text(Json.Object(messaging, "sender"), "id");
        var recipient = Json.Text(Json.Object(messaging, "recipient"), "id");
        var at = Json.UnixTime(messaging, "timestamp", milliseconds: true);
        var account = accountId.Length > 0 ? accountId : null;
        if (DirectChange(messaging, message) is { } change)
        {
            if (sender is not { Length: > 0 })
            {
                into.Skip(WebhookSkips.Unreadable);
                return;
            }

            into.Change(new InboundChange(channel, sender, change with { AccountId = account ?? recipient ?? "", At = at }));
            return;
        }

        if (message.ValueKind != JsonValueKind.Object && postback.ValueKind != JsonValueKind.Object)
        {
            into.Skip(WebhookSkips.NotAMessage);
            return;
        }

        if (message.ValueKind != JsonValueKind.Object)
        {
            ReadPostback(postback, channel, account ?? recipient ?? "", sender, at, Json.Text(messaging, "timestamp"), standby, into);
            return;
        }

        var echo = Json.IsTrue(message, "is_echo");
        // In an echo the page is the sender; the conversation is still the customer's.
        var customer = echo ? recipient : sender;
        if (Json.Text(message, "mid") is not { Length: > 0 } mid || customer is not { Length: > 0 })
        {
            into.Skip(WebhookSkips.Unreadable);
            return;
        }

        var attachments = DirectAttachments(message);
        var text = Json.Text(message, "text");
        var quickReply = Json.Object(message, "quick_reply");
        var choice = quickReply.ValueKind == JsonValueKind.Object ? WebhookContent.Choice(ChoiceKind.QuickReply, text, Json.Text(quickReply, "payload")) : null;
        var replyTo = Json.Object(message, "reply_to");
        into.Add(new InboundPost(channel, account ?? (echo ? sender : recipient) ?? "", mid, customer, Json.Text(replyTo, "mid"), customer, null, Words(text, attachments, choice), Visibility.Private, at, echo)
        {
            // Our senders put the delivery id in the message's metadata; Meta hands it back on the echo.
            EchoOfDelivery = echo ? Json.Text(message, "metadata") : null,
            Attachments = attachments,
            Choice = choice,
            Referral = DirectReferral(Json.Object(message, "referral")),
            Standby = standby,
        });
    }

    /// <summary>A reaction, an edit or an unsend of a Messenger or Instagram message (account and time are filled in by the caller).</summary>
    private static MessageChange? DirectChange(JsonElement messaging, JsonElement message)
    {
        var reaction = Json.Object(messaging, "reaction");
        if (reaction.ValueKind == JsonValueKind.Object && Json.Text(reaction, "mid") is { Length: > 0 } reacted)
        {
            var kind = Json.Text(reaction, "action") == "unreact" ? MessageChangeKind.Unreacted : MessageChangeKind.Reacted;
            return new MessageChange(kind, "", reacted, null) { Reaction = WebhookContent.Short(Json.Text(reaction, "emoji") ?? Json.Text(reaction, "reaction"), 32) };
        }

        var edit = Json.Object(messaging, "message_edit");
        if (edit.ValueKind == JsonValueKind.Object && Json.Text(edit, "mid") is { Length: > 0 } edited)
        {
            return new MessageChange(MessageChangeKind.Edited, "", edited, null) { Text = WebhookContent.Caption(Json.Text(edit, "text")) ?? "" };
        }

        return Json.IsTrue(message, "is_deleted") && Json.Text(message, "mid") is { Length: > 0 } unsent
            ? new MessageChange(MessageChangeKind.Deleted, "", unsent, null)
            : null;
    }

    /// <summary>A tapped postback button: stored as the customer's message, its title what they chose.</summary>
    private static void ReadPostback(JsonElement postback, Channel channel, string accountId, string? customer, DateTimeOffset? at, string? timestamp, bool standby, WebhookBatchBuilder into)
    {
        var choice = WebhookContent.Choice(ChoiceKind.Postback, Json.Text(postback, "title"), Json.Text(postback, "payload"));
        if (customer is not { Length: > 0 } || choice is null)
        {
            into.Skip(WebhookSkips.Unreadable);
            return;
        }

        // Newer Graph versions give a postback its own mid; older ones only a time, which with the
        // customer names the tap as well for redeliveries.
        var id = Json.Text(postback, "mid") is { Length: > 0 } mid ? mid : $"postback-{customer}-{timestamp}";
        into.Add(new InboundPost(channel, accountId, id, customer, null, customer, null, "", Visibility.Private, at, false)
        {
            Choice = choice,
            Referral = DirectReferral(Json.Object(postback, "referral")),
            Standby = standby,
        });
    }

    /// <summary>The words a message is stored with: what the customer typed; a quick reply's or an attachment's carry their own.</summary>
    private static string Words(string? text, IReadOnlyList<Attachment> attachments, CustomerChoice? choice)
    {
        if (!string.IsNullOrWhiteSpace(text) && (choice is null || text != choice.Title))
        {
            return text;
        }

        // A message with nothing the contract can carry still reached the brand: it is kept, said plainly.
        return attachments.Count > 0 || choice is not null ? "" : "[a message the network did not show]";
    }

    /// <summary>Messenger and Instagram attachments, and the story a message answers.</summary>
    private static Attachment[] DirectAttachments(JsonElement message)
    {
        var read = new List<Attachment>();
        foreach (var attachment in Json.Array(message, "attachments"))
        {
            var type = Json.Text(attachment, "type") ?? "";
            var payload = Json.Object(attachment, "payload");
            var kind = type switch
            {
                "image" or "animated_image_share" => Json.Has(payload, "sticker_id") ? AttachmentKind.Sticker : AttachmentKind.Image,
                "video" => AttachmentKind.Video,
                "audio" => AttachmentKind.Audio,
                "file" => AttachmentKind.File,
                "location" => AttachmentKind.Location,
                "fallback" => AttachmentKind.Link,
                "share" or "ig_reel" or "reel" or "ig_post" or "template" => AttachmentKind.SharedPost,
                "story_mention" => AttachmentKind.Story,
                _ => AttachmentKind.Other,
            };
            var coordinates = Json.Object(payload, "coordinates");
            read.Add(new Attachment(kind)
            {
                NetworkType = WebhookContent.Short(type, 64),
                Url = WebhookContent.Link(payload, "url"),
                MediaId = WebhookContent.Short(Json.Text(payload, "reel_video_id") ?? Json.Text(payload, "ig_post_media_id") ?? Json.Text(payload, "sticker_id")),
                Name = WebhookContent.Short(payload, "title") ?? WebhookContent.Short(attachment, "title") ?? WebhookContent.Short(attachment, "name"),
                Location = WebhookContent.Place(coordinates, "lat", "long", Json.Text(attachment, "title")),
            });
            if (read.Count == MessageContent.MaxAttachments)
            {
                break;
            }
        }

        var story = Json.Object(Json.Object(message, "reply_to"), "story");
        if (story.ValueKind == JsonValueKind.Object && read.Count < MessageContent.MaxAttachments)
        {
            read.Add(new Attachment(AttachmentKind.Story) { NetworkType = "story_reply", Url = WebhookContent.Link(story, "url"), MediaId = WebhookContent.Short(story, "id") });
        }

        return [.. read];
    }

    /// <summary>The ad or link that opened a Messenger or Instagram thread.</summary>
    private static Referral? DirectReferral(JsonElement referral)
    {
        if (WebhookContent.Short(referral, "source", 128) is not { } source)
        {
            return null;
        }

        var ad = Json.Object(referral, "ads_context_data");
        return new Referral(source)
        {
            Type = WebhookContent.Short(referral, "type", 128),
            AdId = WebhookContent.Short(referral, "ad_id"),
            Ref = WebhookContent.Payload(referral, "ref"),
            Url = WebhookContent.Link(ad, "photo_url") ?? WebhookContent.Link(referral, "referer_uri"),
            Headline = WebhookContent.Short(ad, "ad_title"),
        };
    }

    /// <summary>The kinds of feed item a customer posts on the brand's Page (besides comments).</summary>
    private static readonly HashSet<string> PagePosts = new(StringComparer.Ordinal) { "status", "post", "photo", "video", "share" };

    /// <summary>
    /// A comment, or a customer's own post on the brand's Page (with its photo, video or link), or
    /// an edit or removal of either; the Page's own posts and comments are skipped.
    /// </summary>
    private static void ReadFacebookFeed(JsonElement value, string pageId, WebhookBatchBuilder into)
    {
        var item = Json.Text(value, "item") ?? "";
        var verb = Json.Text(value, "verb");
        var isComment = item == "comment";
        var id = isComment ? Json.Text(value, "comment_id") : Json.Text(value, "post_id");
        if ((!isComment && !PagePosts.Contains(item)) || id is not { Length: > 0 } || verb is not ("add" or "edited" or "edit" or "remove"))
        {
            into.Skip(WebhookSkips.NotAMessage);
            return;
        }

        var from = Json.Object(value, "from");
        var authorId = Json.Text(from, "id") ?? "";
        if (verb != "add")
        {
            ChangeOf(Channel.Facebook, pageId, authorId, id, verb == "remove", Json.Text(value, "message"), Json.UnixTime(value, "created_time"), into);
            return;
        }

        if (!isComment && authorId == pageId)
        {
            // The brand's own post: what SocialCare answers is what customers write.
            into.Skip(WebhookSkips.OwnMessage);
            return;
        }

        var postId = Json.Text(value, "post_id");
        var parent = Json.Text(value, "parent_id");
        var attachments = FeedAttachments(value);
        var text = Json.Text(value, "message") is { Length: > 0 } words ? words : attachments.Length > 0 ? "" : "[a post without text]";
        into.Add(new InboundPost(
            Channel.Facebook, pageId, id, isComment ? postId : id, isComment && parent != postId ? parent : null, authorId, Json.Text(from, "name"),
            text, Visibility.Public, Json.UnixTime(value, "created_time"), authorId == pageId)
        {
            Attachments = attachments,
        });
    }

    /// <summary>An edit or removal of a customer's post, comment or review; the brand's own, or one that does not say whose, is skipped.</summary>
    private static void ChangeOf(Channel channel, string accountId, string authorId, string networkMessageId, bool removed, string? text, DateTimeOffset? at, WebhookBatchBuilder into)
    {
        if (authorId.Length == 0 || authorId == accountId)
        {
            into.Skip(authorId.Length == 0 ? WebhookSkips.Unreadable : WebhookSkips.OwnMessage);
            return;
        }

        into.Change(new InboundChange(channel, authorId, removed
            ? new MessageChange(MessageChangeKind.Deleted, accountId, networkMessageId, at)
            : new MessageChange(MessageChangeKind.Edited, accountId, networkMessageId, at) { Text = WebhookContent.Caption(text) ?? "" }));
    }

    /// <summary>The photo, photos, video or link a feed post or comment carries.</summary>
    private static Attachment[] FeedAttachments(JsonElement value)
    {
        var read = new List<Attachment>();
        var photo = WebhookContent.Link(value, "photo");
        if (photo is not null)
        {
            read.Add(new Attachment(AttachmentKind.Image) { Url = photo, MediaId = WebhookContent.Short(value, "photo_id") });
        }

        foreach (var url in Json.Array(value, "photos").Select(p => p.ValueKind == JsonValueKind.String ? p.GetString() : null).Where(u => u != photo))
        {
            if (WebhookContent.Link(url) is { } link)
            {
                read.Add(new Attachment(AttachmentKind.Image) { Url = link });
            }
        }

        if (WebhookContent.Link(value, "video") is { } video)
        {
            read.Add(new Attachment(AttachmentKind.Video) { Url = video, MediaId = WebhookContent.Short(value, "video_id") });
        }

        if (Json.Text(value, "item") == "share" && WebhookContent.Link(value, "link") is { } shared)
        {
            read.Add(new Attachment(AttachmentKind.Link) { Url = shared });
        }

        return [.. read.Take(MessageContent.MaxAttachments)];
    }

    /// <summary>A post or comment elsewhere on Facebook that @mentions the brand's Page.</summary>
    private static void ReadPageMention(JsonElement value, string pageId, WebhookBatchBuilder into)
    {
        var postId = Json.Text(value, "post_id");
        var id = Json.Text(value, "comment_id") is { Length: > 0 } comment ? comment : postId;
        var authorId = Json.Text(value, "sender_id") ?? Json.Text(Json.Object(value, "from"), "id") ?? "";
        var verb = Json.Text(value, "verb");
        if (id is not { Length: > 0 } || authorId.Length == 0)
        {
            into.Skip(WebhookSkips.Unreadable);
            return;
        }

        if (verb is "edit" or "edited" or "remove")
        {
            ChangeOf(Channel.Facebook, pageId, authorId, id, verb == "remove", Json.Text(value, "message"), Json.UnixTime(value, "created_time"), into);
            return;
        }

        var attachments = FeedAttachments(value);
        into.Add(new InboundPost(
            Channel.Facebook, pageId, id, postId, id == postId ? null : postId, authorId, Json.Text(value, "sender_name") ?? Json.Text(Json.Object(value, "from"), "name"),
            Json.Text(value, "message") is { Length: > 0 } words ? words : attachments.Length > 0 ? "" : "[mentioned the Page]", Visibility.Public, Json.UnixTime(value, "created_time"), authorId == pageId)
        {
            Attachments = attachments,
        });
    }

    /// <summary>A review of the Page: its words, and its verdict (recommends or not, or stars) as the reviewer's choice.</summary>
    private static void ReadPageRating(JsonElement value, string pageId, WebhookBatchBuilder into)
    {
        var reviewer = Json.Text(value, "reviewer_id") ?? "";
        var at = Json.UnixTime(value, "created_time");
        var id = Json.Text(value, "open_graph_story_id") is { Length: > 0 } story ? story : $"rating-{reviewer}";
        var verb = Json.Text(value, "verb");
        if (reviewer.Length == 0)
        {
            into.Skip(WebhookSkips.Unreadable);
            return;
        }

        if (verb is "edit" or "edited" or "remove")
        {
            ChangeOf(Channel.Facebook, pageId, reviewer, id, verb == "remove", Json.Text(value, "review_text"), at, into);
            return;
        }

        var verdict = Json.Text(value, "recommendation_type") switch
        {
            "positive" => "Recommends the Page",
            "negative" => "Does not recommend the Page",
            _ => Json.Text(value, "rating") is { Length: > 0 } stars ? $"{stars} of 5 stars" : null,
        };
        into.Add(new InboundPost(Channel.Facebook, pageId, id, id, null, reviewer, Json.Text(value, "reviewer_name"), Json.Text(value, "review_text") ?? "", Visibility.Public, at, false)
        {
            Choice = WebhookContent.Choice(ChoiceKind.Review, verdict ?? "Reviewed the Page", Json.Text(value, "recommendation_type") ?? Json.Text(value, "rating")),
        });
    }

    /// <summary>
    /// An Instagram post, story or comment that @mentions the brand: Meta sends only where it is
    /// (the media and, for a comment, the comment), not who wrote it or what it says, so it is
    /// stored as that shared post for the desk (or a connector) to open; each mentioning post is
    /// its own conversation until its author is known.
    /// </summary>
    private static void ReadInstagramMention(JsonElement value, string accountId, DateTimeOffset? at, WebhookBatchBuilder into)
    {
        if (Json.Text(value, "media_id") is not { Length: > 0 } mediaId)
        {
            into.Skip(WebhookSkips.Unreadable);
            return;
        }

        var commentId = Json.Text(value, "comment_id");
        into.Add(new InboundPost(Channel.Instagram, accountId, commentId ?? mediaId, mediaId, null, $"mention-of-{mediaId}", null, "", Visibility.Public, at, false)
        {
            Attachments = [new Attachment(AttachmentKind.SharedPost) { NetworkType = commentId is null ? "mention" : "comment_mention", MediaId = WebhookContent.Short(commentId ?? mediaId) }],
        });
    }

    private static void ReadInstagramComment(JsonElement value, string accountId, DateTimeOffset? at, WebhookBatchBuilder into)
    {
        if (Json.Text(value, "id") is not { } commentId)
        {
            into.Skip(WebhookSkips.Unreadable);
            return;
        }

        var from = Json.Object(value, "from");
        var authorId = Json.Text(from, "id") ?? "";
        into.Add(new InboundPost(
            Channel.Instagram, accountId, commentId, Json.Text(Json.Object(value, "media"), "id"), Json.Text(value, "parent_id"), authorId,
            Json.Text(from, "username"), Json.Text(value, "text") ?? "", Visibility.Public, at, authorId == accountId));
    }

    /// <summary>A batch of WhatsApp messages and delivery statuses; a status of a message we sent names its delivery and confirms it.</summary>
    private static void ReadWhatsApp(JsonElement value, WebhookBatchBuilder into)
    {
        var phoneNumberId = Json.Text(Json.Object(value, "metadata"), "phone_number_id") ?? "";
        var names = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var contact in Json.Array(value, "contacts"))
        {
            // A customer is named by phone (wa_id) or, for one who hides it behind a username, by
            // the business-scoped user id (user_id); the name is their profile's, else the username.
            var profile = Json.Object(contact, "profile");
            var name = Json.Text(profile, "name") ?? Json.Text(profile, "username") ?? Json.Text(contact, "username");
            foreach (var id in new[] { Json.Text(contact, "wa_id"), Json.Text(contact, "user_id") })
            {
                if (id is { Length: > 0 })
                {
                    names.TryAdd(id, name);
                }
            }
        }

        var read = 0;
        foreach (var message in Json.Array(value, "messages"))
        {
            read++;
            into.Read(message, (m, batch) => ReadWhatsAppMessage(m, phoneNumberId, names, batch));
        }

        foreach (var status in Json.Array(value, "statuses"))
        {
            read++;
            into.Read(status, static (s, batch) =>
            {
                if (Confirmation(s) is { } confirmation)
                {
                    batch.Confirm(confirmation);
                }
                else
                {
                    batch.Skip(WebhookSkips.NotAMessage);
                }
            });
        }

        if (read == 0)
        {
            // Errors, account updates and the like: one event with nothing of a customer's in it.
            into.Skip(WebhookSkips.NotAMessage);
        }
    }

    private static void ReadWhatsAppMessage(JsonElement message, string phoneNumberId, Dictionary<string, string?> names, WebhookBatchBuilder into)
    {
        // The phone number when WhatsApp gives it (the id conversations have always been kept by),
        // else the business-scoped user id of a customer who hides their number behind a username.
        var from = Json.Text(message, "from") is { Length: > 0 } phone ? phone : Json.Text(message, "from_user_id") ?? Json.Text(message, "user_id");
        if (Json.Text(message, "id") is not { Length: > 0 } wamid || from is not { Length: > 0 })
        {
            into.Skip(WebhookSkips.Unreadable);
            return;
        }

        var type = Json.Text(message, "type") ?? "unknown";
        if (type == "system")
        {
            // "The customer changed their number" and the like: WhatsApp's notice, not their words.
            into.Skip(WebhookSkips.Notice);
            return;
        }

        if (type == "reaction")
        {
            var reaction = Json.Object(message, "reaction");
            if (Json.Text(reaction, "message_id") is not { Length: > 0 } reacted)
            {
                into.Skip(WebhookSkips.Unreadable);
                return;
            }

            // An empty emoji takes the customer's reaction back.
            var emoji = WebhookContent.Short(reaction, "emoji", 32);
            into.Change(new InboundChange(Channel.WhatsApp, from, new MessageChange(emoji is null ? MessageChangeKind.Unreacted : MessageChangeKind.Reacted, phoneNumberId, reacted, Json.UnixTime(message, "timestamp")) { Reaction = emoji })
            {
                GroupId = WebhookContent.Short(message, "group_id"),
            });
            return;
        }

        var (text, attachments, choice) = WhatsAppContent(message, type);
        var replyTo = Json.Text(Json.Object(message, "context"), "id");
        into.Add(new InboundPost(Channel.WhatsApp, phoneNumberId, wamid, from, replyTo, from, names.GetValueOrDefault(from), text, Visibility.Private, Json.UnixTime(message, "timestamp"), false)
        {
            Attachments = attachments,
            Choice = choice,
            Referral = WhatsAppReferral(Json.Object(message, "referral")),
            GroupId = WebhookContent.Short(message, "group_id"),
        });
    }

    /// <summary>A WhatsApp message's words, media, place, contact cards, order or tapped option, by its type.</summary>
    private static (string Text, Attachment[] Attachments, CustomerChoice? Choice) WhatsAppContent(JsonElement message, string type)
    {
        var body = Json.Object(message, type);
        switch (type)
        {
            case "text":
                return (Json.Text(body, "body") ?? "", [], null);
            case "image" or "video" or "audio" or "document" or "sticker":
                var kind = type switch
                {
                    "image" => AttachmentKind.Image,
                    "video" => AttachmentKind.Video,
                    "audio" => AttachmentKind.Audio,
                    "document" => AttachmentKind.File,
                    _ => AttachmentKind.Sticker,
                };
                var caption = WebhookContent.Caption(Json.Text(body, "caption"));
                var media = new Attachment(kind)
                {
                    NetworkType = Json.IsTrue(body, "voice") ? "voice" : type,
                    MediaType = WebhookContent.Short(body, "mime_type", 128),
                    MediaId = WebhookContent.Short(body, "id"),
                    Url = WebhookContent.Link(body, "url"),
                    Name = WebhookContent.Short(body, "filename"),
                    Caption = caption,
                };
                return (caption ?? "", [media], null);
            case "location":
                var place = WebhookContent.Place(body, "latitude", "longitude", Json.Text(body, "name"), Json.Text(body, "address"));
                return ("", [new Attachment(AttachmentKind.Location) { NetworkType = type, Location = place, Url = WebhookContent.Link(body, "url") }], null);
            case "contacts":
                var cards = Json.Array(message, "contacts").Take(MessageContent.MaxAttachments).Select(ContactCard).ToArray();
                return (cards.Length == 0 ? "[contacts]" : "", cards, null);
            case "order":
                var items = Json.Array(body, "product_items").ToList();
                var summary = $"{items.Count} item{(items.Count == 1 ? "" : "s")}: " + string.Join(", ", items.Take(10).Select(i => $"{Json.Text(i, "quantity") ?? "1"} x {Json.Text(i, "product_retailer_id") ?? "?"}"));
                var note = WebhookContent.Caption(Json.Text(body, "text"));
                return (note ?? "", [new Attachment(AttachmentKind.Order) { NetworkType = type, Name = WebhookContent.Short(summary), MediaId = WebhookContent.Short(body, "catalog_id"), Caption = note }], null);
            case "interactive":
                return ("", [], InteractiveChoice(body));
            case "button":
                // A tap on a template's quick-reply button.
                return ("", [], WebhookContent.Choice(ChoiceKind.Button, Json.Text(body, "text"), Json.Text(body, "payload")));
            case "unsupported":
                return ("[a message WhatsApp did not pass on]", [], null);
            default:
                // A type WhatsApp added later: kept so the customer is not ignored.
                return ($"[{WebhookContent.Short(type, 64)}]", [], null);
        }
    }

    /// <summary>A reply button, a list row or a completed Flow.</summary>
    private static CustomerChoice? InteractiveChoice(JsonElement interactive)
    {
        var button = Json.Object(interactive, "button_reply");
        if (button.ValueKind == JsonValueKind.Object)
        {
            return WebhookContent.Choice(ChoiceKind.Button, Json.Text(button, "title"), Json.Text(button, "id"));
        }

        var row = Json.Object(interactive, "list_reply");
        if (row.ValueKind == JsonValueKind.Object)
        {
            return WebhookContent.Choice(ChoiceKind.ListItem, Json.Text(row, "title"), Json.Text(row, "id"));
        }

        var flow = Json.Object(interactive, "nfm_reply");
        return flow.ValueKind == JsonValueKind.Object
            ? WebhookContent.Choice(ChoiceKind.Flow, Json.Text(flow, "body") ?? Json.Text(flow, "name") ?? "Flow completed", Json.Text(flow, "name"), Json.Text(flow, "response_json"))
            : null;
    }

    private static Attachment ContactCard(JsonElement contact)
    {
        var name = Json.Object(contact, "name");
        var shown = WebhookContent.Short(Json.Text(name, "formatted_name") ?? string.Join(' ', new[] { Json.Text(name, "first_name"), Json.Text(name, "last_name") }.Where(p => p is { Length: > 0 }))) ?? "";
        var phones = Json.Array(contact, "phones").Select(p => WebhookContent.Short(p, "phone")).OfType<string>().Take(20).ToArray();
        var emails = Json.Array(contact, "emails").Select(e => WebhookContent.Short(e, "email")).OfType<string>().Take(20).ToArray();
        return new Attachment(AttachmentKind.Contact) { NetworkType = "contacts", Contact = new ContactCard(shown, phones, emails) };
    }

    /// <summary>The click-to-WhatsApp ad or post that brought the customer.</summary>
    private static Referral? WhatsAppReferral(JsonElement referral) =>
        WebhookContent.Short(referral, "source_type", 128) is { } source
            ? new Referral(source)
            {
                AdId = WebhookContent.Short(referral, "source_id"),
                Url = WebhookContent.Link(referral, "source_url"),
                Headline = WebhookContent.Short(referral, "headline"),
                Ref = WebhookContent.Payload(referral, "ctwa_clid"),
            }
            : null;

    /// <summary>
    /// A WhatsApp status of a message we sent that carries our delivery id: sent, delivered and
    /// read confirm it; failed (which may come after sent) says it never reached the customer.
    /// </summary>
    private static DeliveryConfirmation? Confirmation(JsonElement status)
    {
        if (Json.Text(status, "biz_opaque_callback_data") is not { Length: > 0 } deliveryId || Json.Text(status, "id") is not { } wamid)
        {
            return null;
        }

        var at = Json.UnixTime(status, "timestamp");
        return Json.Text(status, "status") switch
        {
            "sent" or "delivered" or "read" => new DeliveryConfirmation(deliveryId, wamid, at),
            "failed" => new DeliveryConfirmation(deliveryId, wamid, at) { Failure = FailureOf(status) },
            _ => null,
        };
    }

    /// <summary>WhatsApp's first error on a status, as "code: title (details)".</summary>
    private static string FailureOf(JsonElement status)
    {
        var error = Json.Array(status, "errors").FirstOrDefault();
        if (error.ValueKind != JsonValueKind.Object)
        {
            return "WhatsApp reported it failed, without a reason";
        }

        var details = Json.Text(Json.Object(error, "error_data"), "details");
        var said = $"{Json.Text(error, "code") ?? "?"}: {Json.Text(error, "title") ?? Json.Text(error, "message") ?? "failed"}{(details is null ? "" : $" ({details})")}";
        return WebhookContent.Short(said, 500) ?? "failed";
    }

}
