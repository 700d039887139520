using System.Globalization;
using System.Text.Json;
using SocialCare.Connectors.Webhooks;
using SocialCare.Domain.Conversations;

namespace SocialCare.Connectors.Listening;

/// <summary>A post of X's v2 search answer, read as the webhooks read posts: its author from the answer's included users.</summary>
internal static class XSearchPost
{
    public static InboundPost? Read(JsonElement post, IReadOnlyDictionary<string, JsonElement> users, string brandAccountId)
    {
        if (Json.Text(post, "id") is not { Length: > 0 } id || Json.Text(post, "author_id") is not { Length: > 0 } authorId || authorId == brandAccountId)
        {
            return null;
        }

        if (Json.Array(post, "referenced_tweets").Any(r => Json.Text(r, "type") == "retweeted"))
        {
            return null;
        }

        var user = users.GetValueOrDefault(authorId);
        var mentioned = Json.Array(Json.Object(post, "entities"), "mentions").Any(m => Json.Text(m, "id") == brandAccountId);
        var answers = Json.Text(post, "in_reply_to_user_id") == brandAccountId;
        var created = DateTimeOffset.TryParse(Json.Text(post, "created_at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.ToUniversalTime() : (DateTimeOffset?)null;
        var text = XWebhookReader.Unescape(Json.Text(post, "text") ?? "");
        return new InboundPost(
            Channel.X, brandAccountId, id, Json.Text(post, "conversation_id"), null, authorId,
            Json.Text(user, "username"), text.Length == 0 ? "[a post without text]" : text, Visibility.Public, created, false, mentioned || answers)
        {
            Language = Json.Text(post, "lang") is { Length: 2 } lang ? lang : null,
        };
    }
}
