using System.Globalization;
using System.Text.Json;
using SocialCare.Domain.Conversations;

namespace SocialCare.Connectors.Webhooks;

/// <summary>
/// Attachments, choices and referrals as the readers take them from a network's JSON: each value
/// is made to fit the ingest contract here (a link that is not http(s) is dropped, a name is cut
/// to its limit, a place off the globe is left out), so an odd detail costs that detail, never the
/// customer's message.
/// </summary>
internal static class WebhookContent
{
    private const int MaxShort = 256;
    private const int MaxPayload = 1000;

    /// <summary>An absolute http(s) link of at most 2,048 characters, or null.</summary>
    public static string? Link(JsonElement parent, string name) => Link(Json.Text(parent, name));

    /// <summary>The text if it is an absolute http(s) link of at most 2,048 characters, else null.</summary>
    public static string? Link(string? text) => Domain.Text.WebLink.IsWebLink(text) ? text : null;

    /// <summary>A single-line value cut to <paramref name="max"/> characters, without control characters; null when empty.</summary>
    public static string? Short(JsonElement parent, string name, int max = MaxShort) => Short(Json.Text(parent, name), max);

    public static string? Short(string? text, int max = MaxShort)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var line = new string([.. text.Where(c => !char.IsControl(c))]).Trim();
        if (line.Length == 0)
        {
            return null;
        }

        var info = new StringInfo(line);
        return info.LengthInTextElements <= max ? line : info.SubstringByTextElements(0, max);
    }

    /// <summary>A payload the brand attached (a postback, a button id): up to 1,000 characters.</summary>
    public static string? Payload(JsonElement parent, string name) => Short(parent, name, MaxPayload);

    /// <summary>A number of bytes, when the network gives one that makes sense.</summary>
    public static long? Size(JsonElement parent, string name) =>
        long.TryParse(Json.Text(parent, name), NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > 0 ? size : null;

    /// <summary>A place, when both coordinates are numbers on the globe.</summary>
    public static GeoLocation? Place(JsonElement parent, string latitude, string longitude, string? name = null, string? address = null) =>
        Degrees(parent, latitude, 90) is { } lat && Degrees(parent, longitude, 180) is { } lng
            ? new GeoLocation(lat, lng, Short(name), Short(address))
            : null;

    private static double? Degrees(JsonElement parent, string name, double limit) =>
        double.TryParse(Json.Text(parent, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && Math.Abs(value) <= limit
            ? value
            : null;

    /// <summary>A choice, when it has a title to show (what the customer saw).</summary>
    public static CustomerChoice? Choice(ChoiceKind kind, string? title, string? payload, string? responseJson = null) =>
        Short(title) is { } shown ? new CustomerChoice(kind, shown, Short(payload, MaxPayload)) { ResponseJson = Caption(responseJson) } : null;

    /// <summary>Words that came with an attachment: kept as sent, up to the ingest contract's text limit.</summary>
    public static string? Caption(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var clean = text.Replace("\0", "", StringComparison.Ordinal).Trim();
        var info = new StringInfo(clean);
        return info.LengthInTextElements <= ConversationLimits.MaxTextLength ? clean : info.SubstringByTextElements(0, ConversationLimits.MaxTextLength);
    }
}
