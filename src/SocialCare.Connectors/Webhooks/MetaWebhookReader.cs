using System.Text.Json;
using SocialCare.Domain.Conversations;

namespace SocialCare.Connectors.Webhooks;

/// <summary>
/// Reads the events of a Meta webhook request (after its signature was checked): Facebook page
/// comments and Messenger messages ("page"), Instagram comments and direct messages
/// ("instagram"), and WhatsApp messages ("whatsapp_business_account"). One request may batch
/// many entries, each with many events. Events that are not a customer's words (reactions, edits,
/// removals, WhatsApp delivery statuses, Instagram mentions that carry no text) are counted as
/// skipped rather than refused, so Meta does not retry them forever; an event of a shape Meta
/// does not send is skipped as unreadable without touching the others.
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
                ReadFacebookComment(value, accountId, into);
                break;
            case ("instagram", "comments"):
                ReadInstagramComment(value, accountId, entryTime, into);
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

    /// <summary>A Messenger or Instagram direct message; reads, deliveries, reactions and postbacks are skipped.</summary>
    private static void ReadDirectMessage(JsonElement messaging, Channel channel, string accountId, WebhookBatchBuilder into)
    {
        var message = Json.Object(messaging, "message");
        if (message.ValueKind != JsonValueKind.Object)
        {
            into.Skip(WebhookSkips.NotAMessage);
            return;
        }

        var sender = Json.Text(Json.Object(messaging, "sender"), "id");
        var recipient = Json.Text(Json.Object(messaging, "recipient"), "id");
        var echo = Json.IsTrue(message, "is_echo");
        // In an echo the page is the sender; the conversation is still the customer's.
        var customer = echo ? recipient : sender;
        if (Json.Text(message, "mid") is not { Length: > 0 } mid || customer is not { Length: > 0 })
        {
            into.Skip(WebhookSkips.Unreadable);
            return;
        }

        var text = Json.Text(message, "text") ?? AttachmentText(message);
        var replyTo = Json.Text(Json.Object(message, "reply_to"), "mid");
        var at = Json.UnixTime(messaging, "timestamp", milliseconds: true);
        into.Add(new InboundPost(channel, accountId.Length > 0 ? accountId : (echo ? sender : recipient) ?? "", mid, customer, replyTo, customer, null, text, Visibility.Private, at, echo)
        {
            // Our senders put the delivery id in the message's metadata; Meta hands it back on the echo.
            EchoOfDelivery = echo ? Json.Text(message, "metadata") : null,
        });
    }

    private static void ReadFacebookComment(JsonElement value, string pageId, WebhookBatchBuilder into)
    {
        if (Json.Text(value, "item") != "comment" || Json.Text(value, "verb") != "add" || Json.Text(value, "comment_id") is not { } commentId)
        {
            into.Skip(WebhookSkips.NotAMessage);
            return;
        }

        var from = Json.Object(value, "from");
        var authorId = Json.Text(from, "id") ?? "";
        var postId = Json.Text(value, "post_id");
        var parent = Json.Text(value, "parent_id");
        into.Add(new InboundPost(
            Channel.Facebook, pageId, commentId, postId, parent == postId ? null : parent, authorId, Json.Text(from, "name"),
            Json.Text(value, "message") ?? "", Visibility.Public, Json.UnixTime(value, "created_time"), authorId == pageId));
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
            if (Json.Text(contact, "wa_id") is { } waId)
            {
                names.TryAdd(waId, Json.Text(Json.Object(contact, "profile"), "name"));
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
        if (Json.Text(message, "id") is not { Length: > 0 } wamid || Json.Text(message, "from") is not { Length: > 0 } from)
        {
            into.Skip(WebhookSkips.Unreadable);
            return;
        }

        var type = Json.Text(message, "type") ?? "unknown";
        var text = type == "text" ? Json.Text(Json.Object(message, "text"), "body") : null;
        // Media carries its caption, if the customer wrote one.
        text ??= Json.Text(Json.Object(message, type), "caption") ?? $"[{type}]";
        var replyTo = Json.Text(Json.Object(message, "context"), "id");
        into.Add(new InboundPost(Channel.WhatsApp, phoneNumberId, wamid, from, replyTo, from, names.GetValueOrDefault(from), text, Visibility.Private, Json.UnixTime(message, "timestamp"), false));
    }

    /// <summary>A WhatsApp status that says a message we sent went out (sent, delivered, read) and carries our delivery id.</summary>
    private static DeliveryConfirmation? Confirmation(JsonElement status) =>
        Json.Text(status, "status") is "sent" or "delivered" or "read"
        && Json.Text(status, "biz_opaque_callback_data") is { Length: > 0 } deliveryId
        && Json.Text(status, "id") is { } wamid
            ? new DeliveryConfirmation(deliveryId, wamid, Json.UnixTime(status, "timestamp"))
            : null;

    private static string AttachmentText(JsonElement message) =>
        Json.Array(message, "attachments").Select(a => $"[{Json.Text(a, "type") ?? "attachment"}]").ToList() is { Count: > 0 } attachments
            ? string.Join(' ', attachments)
            : "[message without text]";
}
