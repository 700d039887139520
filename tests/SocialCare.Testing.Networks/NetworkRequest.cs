using System.Text.Json;

namespace SocialCare.Testing.Networks;

/// <summary>One request the stub network received, as it received it.</summary>
/// <param name="Path">The path after the host, e.g. "2/tweets" or "v23.0/page-1/messages".</param>
/// <param name="Token">The bearer token it carried.</param>
/// <param name="Body">The JSON body.</param>
/// <param name="Answer">What the stub answered: the id it gave, or the fault it injected.</param>
public sealed record NetworkRequest(string Path, string? Token, JsonElement Body, string Answer)
{
    /// <summary>The text published: a post's text, a message's text, a comment's message, a WhatsApp body.</summary>
    public string? Text =>
        Read(Body, "text") is { ValueKind: JsonValueKind.String } text ? text.GetString()
        : Read(Body, "message") is { ValueKind: JsonValueKind.String } message ? message.GetString()
        : Read(Read(Body, "message"), "text")?.GetString() ?? Read(Read(Body, "text"), "body")?.GetString();

    /// <summary>The delivery id the sender passed (Send API metadata, WhatsApp callback data), when the network takes one.</summary>
    public string? DeliveryId => Read(Read(Body, "message"), "metadata")?.GetString() ?? Read(Body, "biz_opaque_callback_data")?.GetString();

    internal static JsonElement? Read(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var value) ? value : null;
}
