using System.Globalization;
using System.Text.Json;

namespace SocialCare.Connectors.Webhooks;

/// <summary>Lenient reads of webhook JSON: a property of an unexpected shape reads as absent, never as an exception.</summary>
internal static class Json
{
    /// <exception cref="FormatException">The body is not JSON (or nests deeper than any webhook does).</exception>
    public static JsonDocument Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException invalid)
        {
            throw new FormatException($"The webhook body is not JSON: {invalid.Message}", invalid);
        }
    }

    public static IEnumerable<JsonElement> Array(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
            : [];

    /// <summary>A string or number property as text; null when absent.</summary>
    public static string? Text(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    /// <summary>An object property; default (Undefined) when absent or of another kind.</summary>
    public static JsonElement Object(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : default;

    /// <summary>Whether the property is there with a value (not null).</summary>
    public static bool Has(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);

    /// <summary>Whether the property is JSON true.</summary>
    public static bool IsTrue(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    /// <summary>A count (a follower count): a non-negative whole number, as a number or numeric string; null when absent or not one.</summary>
    public static long? Count(JsonElement parent, string name) =>
        long.TryParse(Text(parent, name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>
    /// A Unix time in seconds or milliseconds, as a number or a numeric string (the networks send
    /// both, and their test tools send strings where live events send numbers); null when absent
    /// or outside what a <see cref="DateTimeOffset"/> holds.
    /// </summary>
    public static DateTimeOffset? UnixTime(JsonElement parent, string name, bool milliseconds = false)
    {
        if (!long.TryParse(Text(parent, name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            return null;
        }

        return milliseconds
            ? value <= LatestUnixMilliseconds ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null
            : value <= LatestUnixSeconds ? DateTimeOffset.FromUnixTimeSeconds(value) : null;
    }

    private static readonly long LatestUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    private static readonly long LatestUnixMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();
}
