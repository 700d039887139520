using System.Globalization;
using SocialCare.Domain.Errors;

namespace SocialCare.Domain.Deliveries;

/// <summary>
/// A delivery's id is its conversation's id and the reply's number ("c-7f3a.4"): unique in the
/// tenant, the same however often the write that made it is retried, and enough to find the
/// conversation that owns the delivery without a lookup.
/// </summary>
public static class DeliveryIds
{
    public static string Of(string conversationId, int messageSequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{conversationId}.{messageSequence}");

    /// <summary>Reads an id; conversation ids may hold dots, the number after the last one never does.</summary>
    public static bool TryParse(string? deliveryId, out string conversationId, out int messageSequence)
    {
        conversationId = "";
        messageSequence = 0;
        var dot = deliveryId?.LastIndexOf('.') ?? -1;
        if (dot <= 0
            || !int.TryParse(deliveryId.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out messageSequence)
            || messageSequence <= 0)
        {
            return false;
        }

        conversationId = deliveryId![..dot];
        return true;
    }

    /// <summary>The refusal for a delivery the tenant does not have, wherever that is found out.</summary>
    public static CareException NotFound(string tenantId, string deliveryId) =>
        CareException.NotFound($"Delivery {Echo.Quote(deliveryId)} of tenant \"{tenantId}\"", "delivery_id");

    /// <summary>Reads an id a client sent, refusing a malformed one with the field's name.</summary>
    public static (string ConversationId, int MessageSequence) Parse(string field, string? deliveryId) =>
        TryParse(deliveryId, out var conversationId, out var sequence)
            ? (conversationId, sequence)
            : throw CareException.Invalid(field, $"{Echo.Quote(deliveryId ?? "")} is not a delivery id (a conversation id, a dot and a message number, such as \"c-1.4\").");
}
