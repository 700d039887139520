namespace SocialCare.Connectors.Webhooks;

/// <summary>
/// One network's webhook, all SocialCare needs to take its events: the path it is served on, how
/// its subscription handshake is answered, how a request proves it is the network's, and how its
/// body becomes posts. A new network's webhook is one of these (beside its channel profile in
/// Domain and its sender); the host serves every one the same way, at /webhooks/{name}/{tenant}.
/// </summary>
public abstract class NetworkWebhook
{
    /// <summary>Every network SocialCare takes webhooks from.</summary>
    public static IReadOnlyList<NetworkWebhook> All { get; } = [new XWebhook(), new MetaWebhook()];

    /// <summary>The path segment and the metrics' network label ("x", "meta").</summary>
    public abstract string Name { get; }

    /// <summary>The request header carrying the body's signature.</summary>
    public abstract string SignatureHeader { get; }

    /// <summary>The name of the tenant setting holding the secret requests are signed with.</summary>
    public abstract string SigningSecretSetting { get; }

    /// <summary>The name of the tenant setting the subscription check is answered with.</summary>
    public abstract string ChallengeSecretSetting { get; }

    /// <summary>Checks the signature over the body's bytes as received, in constant time.</summary>
    public abstract WebhookVerdict Verify(ReadOnlySpan<byte> body, string? header, string signingSecret);

    /// <summary>The posts, changes and skips in a request's body.</summary>
    /// <exception cref="FormatException">The body is not the network's event shape.</exception>
    public abstract WebhookBatch Read(ReadOnlySpan<byte> body);

    /// <summary>The answer to the network's subscription check (a GET), from its query.</summary>
    /// <param name="query">The request's query values by name (null when absent).</param>
    /// <param name="challengeSecret">What the check is answered with: X's consumer secret, Meta's verify token.</param>
    public abstract WebhookChallenge Answer(Func<string, string?> query, string challengeSecret);
}

/// <summary>What a subscription check is answered: a body (JSON or text) with 200, or a refusal.</summary>
public sealed record WebhookChallenge(int Status, string? Body = null, string? ContentType = null)
{
    public static WebhookChallenge Json(string body) => new(200, body, "application/json");

    public static WebhookChallenge Text(string body) => new(200, body, "text/plain");

    public static WebhookChallenge BadRequest(string why) => new(400, why, "text/plain");

    public static WebhookChallenge Forbidden { get; } = new(403);
}

/// <summary>X's Account Activity webhook: the CRC check and HMAC-SHA256 (base64) with the consumer secret.</summary>
public sealed class XWebhook : NetworkWebhook
{
    public override string Name => "x";

    public override string SignatureHeader => WebhookSignatures.XSignatureHeader;

    /// <summary>X signs both the events and the CRC answer with the app's consumer secret.</summary>
    public override string SigningSecretSetting => "XConsumerSecret";

    public override string ChallengeSecretSetting => "XConsumerSecret";

    public override WebhookVerdict Verify(ReadOnlySpan<byte> body, string? header, string signingSecret) =>
        WebhookSignatures.VerifyX(body, header, signingSecret);

    public override WebhookBatch Read(ReadOnlySpan<byte> body) => XWebhookReader.Read(body);

    public override WebhookChallenge Answer(Func<string, string?> query, string challengeSecret)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query("crc_token") is { Length: > 0 } token
            ? WebhookChallenge.Json(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["response_token"] = WebhookSignatures.XCrcResponseToken(token, challengeSecret) }))
            : WebhookChallenge.BadRequest("crc_token is required.");
    }
}

/// <summary>Meta's webhook (Facebook pages, Messenger, Instagram, WhatsApp): hub.challenge and HMAC-SHA256 (hex) with the app secret.</summary>
public sealed class MetaWebhook : NetworkWebhook
{
    public override string Name => "meta";

    public override string SignatureHeader => WebhookSignatures.MetaSignatureHeader;

    public override string SigningSecretSetting => "MetaAppSecret";

    /// <summary>Meta's handshake echoes the verify token chosen when subscribing, not a signature.</summary>
    public override string ChallengeSecretSetting => "MetaVerifyToken";

    public override WebhookVerdict Verify(ReadOnlySpan<byte> body, string? header, string signingSecret) =>
        WebhookSignatures.VerifyMeta(body, header, signingSecret);

    public override WebhookBatch Read(ReadOnlySpan<byte> body) => MetaWebhookReader.Read(body);

    public override WebhookChallenge Answer(Func<string, string?> query, string challengeSecret)
    {
        ArgumentNullException.ThrowIfNull(query);
        return WebhookSignatures.MetaChallenge(query("hub.mode"), query("hub.verify_token"), query("hub.challenge"), challengeSecret) is { } challenge
            ? WebhookChallenge.Text(challenge)
            : WebhookChallenge.Forbidden;
    }
}
