using SocialCare.Domain.Conversations;

namespace SocialCare.Connectors.Delivery;

/// <summary>
/// Publishes on WhatsApp with the Cloud API (POST /{phone-number-id}/messages): a text message to
/// the customer's wa_id, quoting the message it answers, with the delivery id as
/// biz_opaque_callback_data, which WhatsApp returns on the message's status webhooks.
/// </summary>
public sealed class WhatsAppSender(HttpClient http, NetworkEndpoints endpoints, TimeProvider clock) : INetworkSender
{
    public IReadOnlyList<Channel> Channels { get; } = [Channel.WhatsApp];

    public async Task<SendResult> SendAsync(OutboundReply reply, AccountCredential credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(credential);
        if (reply.Retracts is not null)
        {
            return SendResult.Rejected("WhatsApp does not let a business delete a message it sent");
        }

        if (string.IsNullOrEmpty(reply.RecipientId))
        {
            return SendResult.Rejected("no recipient: a WhatsApp message needs the customer's wa_id");
        }

        // A group's conversation is answered in the group (Delivery.GroupRecipient names it).
        var group = reply.RecipientId.StartsWith(Domain.Deliveries.Delivery.GroupRecipient, StringComparison.Ordinal) ? reply.RecipientId[Domain.Deliveries.Delivery.GroupRecipient.Length..] : null;
        using var request = NetworkCall.PostJson(new Uri(endpoints.Graph, $"{Uri.EscapeDataString(credential.AccountId)}/messages"), credential.AccessToken, new
        {
            messaging_product = "whatsapp",
            recipient_type = group is null ? "individual" : "group",
            to = group ?? reply.RecipientId,
            type = "text",
            text = new { preview_url = false, body = reply.Text },
            context = string.IsNullOrEmpty(reply.InReplyToId) ? null : new { message_id = reply.InReplyToId },
            biz_opaque_callback_data = reply.DeliveryId,
        });
        return await NetworkCall.SendAsync(http, request, endpoints.Timeout, clock, GraphErrors.MessageId, GraphErrors.Classify, cancellationToken).ConfigureAwait(false);
    }
}
