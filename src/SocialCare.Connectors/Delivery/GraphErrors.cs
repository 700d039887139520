using System.Net;
using System.Text.Json;
using SocialCare.Connectors.Webhooks;

namespace SocialCare.Connectors.Delivery;

/// <summary>
/// Reads a Graph API error body (Facebook, Instagram, Messenger, WhatsApp Cloud API): its codes
/// say whether the caller is throttled (the answer is often 400, not 429) or the failure is
/// transient, which the status alone does not.
/// </summary>
internal static class GraphErrors
{
    /// <summary>Throttling: application, user, page and business-use-case limits, WhatsApp's account and pair rate limits.</summary>
    private static readonly HashSet<string> RateLimitCodes = ["4", "17", "32", "613", "80001", "80002", "80004", "80005", "80006", "80008", "130429", "131056"];

    /// <summary>Unknown and service errors, and WhatsApp's "something went wrong" and "service unavailable".</summary>
    private static readonly HashSet<string> TransientCodes = ["1", "2", "131000", "131016"];

    public static SendResult? Classify(HttpStatusCode status, JsonElement json, string said)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("error", out var error))
        {
            return null;
        }

        var code = Json.Text(error, "code");
        if (code is not null && RateLimitCodes.Contains(code))
        {
            return SendResult.RateLimited(said, null);
        }

        var transient = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("is_transient", out var flag) && flag.ValueKind == JsonValueKind.True;
        return transient || (code is not null && TransientCodes.Contains(code)) || (int)status >= 500
            ? SendResult.Retryable(said)
            : SendResult.Rejected(said);
    }

    /// <summary>The id in a Graph answer: "id" (comments), "message_id" (Send API), messages[0].id (WhatsApp).</summary>
    public static string? MessageId(JsonElement json) =>
        Json.Text(json, "message_id") ?? Json.Text(json, "id") ?? Json.Array(json, "messages").Select(m => Json.Text(m, "id")).FirstOrDefault();
}
