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

            var posts = new List<InboundPost>();
            var skipped = 0;
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "for_user_id" or "users" or "user_has_blocked" or "source":
                        break;
                    case "tweet_create_events":
                        foreach (var tweet in Json.Array(root, property.Name))
                        {
                            if (ReadPost(tweet, brand) is { } post)
                            {
                                posts.Add(post);
                            }
                            else
                            {
                                skipped++;
                            }
                        }

                        break;
                    case "direct_message_events":
                        foreach (var message in Json.Array(root, property.Name))
                        {
                            if (ReadDirectMessage(message, brand, root) is { } post)
                            {
                                posts.Add(post);
                            }
                            else
                            {
                                skipped++;
                            }
                        }

                        break;
                    default:
                        skipped += property.Value.ValueKind == JsonValueKind.Array ? property.Value.GetArrayLength() : 1;
                        break;
                }
            }

            return new WebhookBatch(posts, skipped);
        }
    }

    /// <summary>A post; null for a repost (it carries no words of the customer's own).</summary>
    private static InboundPost? ReadPost(JsonElement tweet, string brand)
    {
        if (Json.Text(tweet, "id_str") is not { } id || tweet.TryGetProperty("retweeted_status", out _))
        {
            return null;
        }

        var user = tweet.TryGetProperty("user", out var u) ? u : default;
        var authorId = Json.Text(user, "id_str") ?? "";
        // Posts over 140 characters carry their whole text in extended_tweet.
        var text = (tweet.TryGetProperty("extended_tweet", out var extended) ? Json.Text(extended, "full_text") : null) ?? Json.Text(tweet, "text") ?? "";
        var entities = tweet.TryGetProperty("extended_tweet", out var ex) && ex.TryGetProperty("entities", out var exEntities) ? exEntities
            : tweet.TryGetProperty("entities", out var e) ? e : default;
        var mentioned = Json.Array(entities, "user_mentions").Any(m => Json.Text(m, "id_str") == brand);
        var quoted = tweet.TryGetProperty("quoted_status", out var quote) && quote.TryGetProperty("user", out var quotedUser) && Json.Text(quotedUser, "id_str") == brand;
        var answers = Json.Text(tweet, "in_reply_to_user_id_str") == brand;
        var at = CreatedAt(Json.Text(tweet, "created_at"));
        return new InboundPost(
            Channel.X, brand, id, Json.Text(tweet, "conversation_id_str"), Json.Text(tweet, "in_reply_to_status_id_str"), authorId,
            Json.Text(user, "screen_name"), text, Visibility.Public, at, authorId == brand, mentioned || quoted || answers)
        {
            // X's own detection; "und" when it could not tell, which tracking rules treat as unknown.
            Language = Json.Text(tweet, "lang") is { Length: 2 } lang ? lang : null,
        };
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

    private static InboundPost? ReadDirectMessage(JsonElement message, string brand, JsonElement root)
    {
        if (Json.Text(message, "type") != "message_create" || Json.Text(message, "id") is not { } id || !message.TryGetProperty("message_create", out var create))
        {
            return null;
        }

        var sender = Json.Text(create, "sender_id");
        var recipient = create.TryGetProperty("target", out var target) ? Json.Text(target, "recipient_id") : null;
        var echo = sender == brand;
        var customer = echo ? recipient : sender;
        if (customer is null)
        {
            return null;
        }

        var text = create.TryGetProperty("message_data", out var data) ? Json.Text(data, "text") ?? "" : "";
        var name = root.TryGetProperty("users", out var users) && users.ValueKind == JsonValueKind.Object && users.TryGetProperty(customer, out var profile)
            ? Json.Text(profile, "screen_name")
            : null;
        var at = long.TryParse(Json.Text(message, "created_timestamp"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : (DateTimeOffset?)null;
        return new InboundPost(Channel.X, brand, id, customer, null, customer, name, text, Visibility.Private, at, echo);
    }
}
