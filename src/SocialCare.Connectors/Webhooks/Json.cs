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
}
