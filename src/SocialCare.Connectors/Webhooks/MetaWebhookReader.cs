using System.Globalization;
using System.Text.Json;
using SocialCare.Domain.Conversations;

namespace SocialCare.Connectors.Webhooks;

/// <summary>
/// Reads the events of a Meta webhook request (after its signature was checked): Facebook page
/// comments and Messenger messages ("page"), Instagram comments and direct messages
/// ("instagram"), and WhatsApp messages ("whatsapp_business_account"). One request may batch
/// many entries, each with many events. Events that are not a customer's words (reactions, edits,
/// removals, WhatsApp delivery statuses, Instagram mentions that carry no text) are counted as
/// skipped rather than refused, so Meta does not retry them forever.
/// </summary>
public static class MetaWebhookReader
{
    /// <exception cref="FormatException">The body is not JSON, or not a Meta webhook of a kind SocialCare reads.</exception>
    public static WebhookBatch Read(ReadOnlySpan<byte> body)
    {
        using (var document = Json.Parse(body))
        {
            var root = document.RootElement;
            var kind = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("object", out var o) ? o.GetString() : null;
            if (kind is not ("page" or "instagram" or "whatsapp_business_account"))
            {
                throw new FormatException($"\"object\" is {(kind is null ? "missing" : $"\"{kind}\"")}; SocialCare reads page, instagram and whatsapp_business_account webhooks.");
            }

            var posts = new List<InboundPost>();
            var confirmations = new List<DeliveryConfirmation>();
            var skipped = 0;
            foreach (var entry in Json.Array(root, "entry"))
            {
                var accountId = Json.Text(entry, "id") ?? "";
                foreach (var messaging in Json.Array(entry, "messaging"))
                {
                    if (ReadDirectMessage(messaging, kind == "instagram" ? Channel.Instagram : Channel.Messenger, accountId) is { } message)
                    {
                        posts.Add(message);
                    }
                    else
                    {
                        skipped++;
                    }
                }

                foreach (var change in Json.Array(entry, "changes"))
                {
                    var field = Json.Text(change, "field");
                    var value = change.TryGetProperty("value", out var v) ? v : default;
                    var read = (kind, field) switch
                    {
                        ("page", "feed") => ReadFacebookComment(value, accountId),
                        ("instagram", "comments") => ReadInstagramComment(value, accountId, Time(entry, "time")),
                        ("whatsapp_business_account", "messages") => ReadWhatsApp(value),
                        _ => [],
                    };
                    posts.AddRange(read);
                    // A change is one event, or (WhatsApp) a batch of messages and delivery statuses;
                    // a status of a message we sent names its delivery and confirms it.
                    var statuses = Json.Array(value, "statuses").ToList();
                    var confirmed = statuses.Select(Confirmation).OfType<DeliveryConfirmation>().ToList();
                    confirmations.AddRange(confirmed);
                    skipped += read.Count == 0 && confirmed.Count == 0 ? Math.Max(1, statuses.Count) : statuses.Count - confirmed.Count;
                }
            }

            return new WebhookBatch(posts, skipped) { Confirmations = confirmations };
        }
    }

    /// <summary>A WhatsApp status that says a message we sent went out (sent, delivered, read) and carries our delivery id.</summary>
    private static DeliveryConfirmation? Confirmation(JsonElement status) =>
        Json.Text(status, "status") is "sent" or "delivered" or "read"
        && Json.Text(status, "biz_opaque_callback_data") is { Length: > 0 } deliveryId
        && Json.Text(status, "id") is { } wamid
            ? new DeliveryConfirmation(deliveryId, wamid, Time(status, "timestamp"))
            : null;

    /// <summary>A Messenger or Instagram direct message; null for reads, deliveries, reactions and postbacks.</summary>
    private static InboundPost? ReadDirectMessage(JsonElement messaging, Channel channel, string accountId)
    {
        if (!messaging.TryGetProperty("message", out var message) || Json.Text(message, "mid") is not { } mid)
        {
            return null;
        }

        var sender = messaging.TryGetProperty("sender", out var s) ? Json.Text(s, "id") : null;
        var recipient = messaging.TryGetProperty("recipient", out var r) ? Json.Text(r, "id") : null;
        var echo = message.TryGetProperty("is_echo", out var e) && e.ValueKind == JsonValueKind.True;
        // In an echo the page is the sender; the conversation is still the customer's.
        var customer = echo ? recipient : sender;
        if (customer is null)
        {
            return null;
        }

        var text = Json.Text(message, "text") ?? AttachmentText(message);
        var replyTo = message.TryGetProperty("reply_to", out var reply) ? Json.Text(reply, "mid") : null;
        var at = messaging.TryGetProperty("timestamp", out var ts) && ts.TryGetInt64(out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
        return new InboundPost(channel, accountId.Length > 0 ? accountId : (echo ? sender : recipient) ?? "", mid, customer, replyTo, customer, null, text, Visibility.Private, at, echo)
        {
            // Our senders put the delivery id in the message's metadata; Meta hands it back on the echo.
            EchoOfDelivery = echo ? Json.Text(message, "metadata") : null,
        };
    }

    private static List<InboundPost> ReadFacebookComment(JsonElement value, string pageId)
    {
        if (Json.Text(value, "item") != "comment" || Json.Text(value, "verb") != "add" || Json.Text(value, "comment_id") is not { } commentId)
        {
            return [];
        }

        var from = value.TryGetProperty("from", out var f) ? f : default;
        var authorId = Json.Text(from, "id") ?? "";
        var postId = Json.Text(value, "post_id");
        var parent = Json.Text(value, "parent_id");
        return
        [
            new InboundPost(
                Channel.Facebook, pageId, commentId, postId, parent == postId ? null : parent, authorId, Json.Text(from, "name"),
                Json.Text(value, "message") ?? "", Visibility.Public, Time(value, "created_time"), authorId == pageId),
        ];
    }

    private static List<InboundPost> ReadInstagramComment(JsonElement value, string accountId, DateTimeOffset? at)
    {
        if (Json.Text(value, "id") is not { } commentId)
        {
            return [];
        }

        var from = value.TryGetProperty("from", out var f) ? f : default;
        var authorId = Json.Text(from, "id") ?? "";
        var media = value.TryGetProperty("media", out var m) ? Json.Text(m, "id") : null;
        return
        [
            new InboundPost(
                Channel.Instagram, accountId, commentId, media, Json.Text(value, "parent_id"), authorId, Json.Text(from, "username"),
                Json.Text(value, "text") ?? "", Visibility.Public, at, authorId == accountId),
        ];
    }

    private static List<InboundPost> ReadWhatsApp(JsonElement value)
    {
        var phoneNumberId = value.TryGetProperty("metadata", out var metadata) ? Json.Text(metadata, "phone_number_id") ?? "" : "";
        var names = Json.Array(value, "contacts")
            .Where(c => Json.Text(c, "wa_id") is not null)
            .GroupBy(c => Json.Text(c, "wa_id")!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().TryGetProperty("profile", out var p) ? Json.Text(p, "name") : null, StringComparer.Ordinal);
        var posts = new List<InboundPost>();
        foreach (var message in Json.Array(value, "messages"))
        {
            if (Json.Text(message, "id") is not { } wamid || Json.Text(message, "from") is not { } from)
            {
                continue;
            }

            var type = Json.Text(message, "type") ?? "unknown";
            var text = type == "text" && message.TryGetProperty("text", out var t) ? Json.Text(t, "body") : null;
            // Media carries its caption, if the customer wrote one.
            text ??= message.TryGetProperty(type, out var media) && Json.Text(media, "caption") is { } caption ? caption : $"[{type}]";
            var replyTo = message.TryGetProperty("context", out var context) ? Json.Text(context, "id") : null;
            posts.Add(new InboundPost(Channel.WhatsApp, phoneNumberId, wamid, from, replyTo, from, names.GetValueOrDefault(from), text, Visibility.Private, Time(message, "timestamp"), false));
        }

        return posts;
    }

    private static string AttachmentText(JsonElement message) =>
        message.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array
            ? string.Join(' ', attachments.EnumerateArray().Select(a => $"[{Json.Text(a, "type") ?? "attachment"}]"))
            : "[message without text]";

    /// <summary>Unix seconds, as a number or a numeric string (WhatsApp sends strings).</summary>
    private static DateTimeOffset? Time(JsonElement parent, string name) =>
        long.TryParse(Json.Text(parent, name), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and < 253_402_300_800
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
