using System.Text.Json;
using SocialCare.Connectors.Webhooks;
using SocialCare.Domain.Conversations;

namespace SocialCare.Connectors.Delivery;

/// <summary>
/// Publishes on X with the API v2: a public reply is a post answering the customer's post
/// (POST /2/tweets with reply.in_reply_to_tweet_id), a private one a direct message
/// (POST /2/dm_conversations/with/{user}/messages). X takes no idempotency key; a reply sent twice
/// after a lost answer is told apart by its echo (our own post in the Account Activity feed). A
/// retraction deletes the post (DELETE /2/tweets/{id}).
/// </summary>
public sealed class XSender(HttpClient http, NetworkEndpoints endpoints, TimeProvider clock) : INetworkSender
{
    public IReadOnlyList<Channel> Channels { get; } = [Channel.X];

    public Task<SendResult> SendAsync(OutboundReply reply, AccountCredential credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(credential);
        if (reply.Retracts is { } retracts)
        {
            // DELETE /2/tweets/{id} answers {"data":{"deleted":true}}; X gives apps no way to delete a sent direct message.
            return reply.Visibility == Visibility.Public
                ? NetworkCall.RetractAsync(http, new Uri(endpoints.X, $"2/tweets/{Uri.EscapeDataString(retracts)}"), credential.AccessToken, retracts, endpoints.Timeout, clock,
                    json => json.ValueKind == JsonValueKind.Object && json.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                        && data.TryGetProperty("deleted", out var deleted) && deleted.ValueKind == JsonValueKind.True,
                    static (_, _, _) => null, cancellationToken)
                : Task.FromResult(SendResult.Rejected("X does not let an app delete a direct message it sent"));
        }

        HttpRequestMessage request;
        Func<JsonElement, string?> readId;
        if (reply.Visibility == Visibility.Public)
        {
            if (string.IsNullOrEmpty(reply.InReplyToId))
            {
                return Task.FromResult(SendResult.Rejected("no customer post to answer: a public reply on X must answer a post"));
            }

            request = NetworkCall.PostJson(new Uri(endpoints.X, "2/tweets"), credential.AccessToken, new
            {
                text = reply.Text,
                reply = new { in_reply_to_tweet_id = reply.InReplyToId },
            });
            readId = json => Data(json, "id");
        }
        else
        {
            if (string.IsNullOrEmpty(reply.RecipientId))
            {
                return Task.FromResult(SendResult.Rejected("no recipient: a direct message on X needs the customer's user id"));
            }

            request = NetworkCall.PostJson(new Uri(endpoints.X, $"2/dm_conversations/with/{Uri.EscapeDataString(reply.RecipientId)}/messages"), credential.AccessToken, new { text = reply.Text });
            readId = json => Data(json, "dm_event_id");
        }

        return SendAndDispose(request, readId, cancellationToken);
    }

    private async Task<SendResult> SendAndDispose(HttpRequestMessage request, Func<JsonElement, string?> readId, CancellationToken cancellationToken)
    {
        using (request)
        {
            return await NetworkCall.SendAsync(http, request, endpoints.Timeout, clock, readId, static (_, _, _) => null, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string? Data(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty("data", out var data) ? Json.Text(data, name) : null;
}
