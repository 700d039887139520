using System.Text.Json;
using SocialCare.Domain.Conversations;

namespace SocialCare.Connectors.Delivery;

/// <summary>
/// Publishes through the Graph API as a Facebook page or an Instagram professional account:
/// public replies answer the customer's comment (Facebook: POST /{comment}/comments; Instagram:
/// POST /{comment}/replies); private ones go through the Send API (POST /{account}/messages) as a
/// private reply to the comment, or, when the customer wrote a direct message (Messenger,
/// Instagram Direct), to the customer's scoped id. The Send API carries the delivery id in the
/// message's metadata, which Meta returns on the echo, so an echo names the delivery it confirms.
/// A retraction deletes a comment reply (DELETE /{comment}).
/// </summary>
public sealed class GraphSender(HttpClient http, NetworkEndpoints endpoints, TimeProvider clock) : INetworkSender
{
    public IReadOnlyList<Channel> Channels { get; } = [Channel.Facebook, Channel.Instagram, Channel.Messenger];

    public async Task<SendResult> SendAsync(OutboundReply reply, AccountCredential credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(credential);
        if (reply.Retracts is { } retracts)
        {
            // A comment reply is deleted with DELETE /{comment} ({"success": true}); the Send API has no delete.
            return reply.Visibility == Visibility.Public && reply.Channel != Channel.Messenger
                ? await NetworkCall.RetractAsync(http, new Uri(endpoints.Graph, Uri.EscapeDataString(retracts)), credential.AccessToken, retracts, endpoints.Timeout, clock,
                    json => json.ValueKind == JsonValueKind.Object && json.TryGetProperty("success", out var success) && success.ValueKind == JsonValueKind.True,
                    GraphErrors.Classify, cancellationToken).ConfigureAwait(false)
                : SendResult.Rejected($"{reply.Channel} does not let a page delete a private message it sent");
        }

        using var request = Request(reply, credential);
        if (request is null)
        {
            return SendResult.Rejected(reply.Visibility == Visibility.Public
                ? $"no customer comment to answer: a public reply on {reply.Channel} answers a comment"
                : "no recipient: the customer's id or comment is missing");
        }

        return await NetworkCall.SendAsync(http, request, endpoints.Timeout, clock, GraphErrors.MessageId, GraphErrors.Classify, cancellationToken).ConfigureAwait(false);
    }

    private HttpRequestMessage? Request(OutboundReply reply, AccountCredential credential)
    {
        if (reply.Visibility == Visibility.Public && reply.Channel != Channel.Messenger)
        {
            var edge = reply.Channel == Channel.Instagram ? "replies" : "comments";
            return string.IsNullOrEmpty(reply.InReplyToId)
                ? null
                : NetworkCall.PostJson(new Uri(endpoints.Graph, $"{Uri.EscapeDataString(reply.InReplyToId)}/{edge}"), credential.AccessToken, new { message = reply.Text });
        }

        // A comment is answered privately by its id (once); a direct message by the customer's id.
        object? recipient = reply.Channel != Channel.Messenger && !reply.AnswersPrivateMessage && !string.IsNullOrEmpty(reply.InReplyToId)
            ? new { comment_id = reply.InReplyToId }
            : string.IsNullOrEmpty(reply.RecipientId) ? null : new { id = reply.RecipientId };
        return recipient is null
            ? null
            : NetworkCall.PostJson(new Uri(endpoints.Graph, $"{Uri.EscapeDataString(credential.AccountId)}/messages"), credential.AccessToken, new
            {
                recipient,
                messaging_type = "RESPONSE",
                message = new { text = reply.Text, metadata = reply.DeliveryId },
            });
    }
}
