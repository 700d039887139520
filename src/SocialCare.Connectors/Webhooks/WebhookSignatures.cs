using System.Security.Cryptography;
using System.Text;

namespace SocialCare.Connectors.Webhooks;

/// <summary>
/// How X and Meta (Facebook, Messenger, Instagram, WhatsApp) sign their webhooks, and how their
/// subscription challenges are answered. Signatures are checked over the request body's bytes as
/// received (Meta escapes non-ASCII characters, so JSON read and written again would not match)
/// and compared in constant time, so a caller cannot learn a signature a byte at a time.
/// </summary>
public static class WebhookSignatures
{
    private const string Sha256Prefix = "sha256=";

    /// <summary>X's header on Account Activity events: "sha256=" and the base64 HMAC-SHA256 of the body with the consumer secret.</summary>
    public const string XSignatureHeader = "x-twitter-webhooks-signature";

    /// <summary>Meta's header: "sha256=" and the hex HMAC-SHA256 of the body with the app secret.</summary>
    public const string MetaSignatureHeader = "X-Hub-Signature-256";

    /// <summary>
    /// The answer to X's challenge-response check (a GET with crc_token): "sha256=" and the base64
    /// HMAC-SHA256 of the token with the consumer secret, returned as {"response_token": ...}.
    /// </summary>
    public static string XCrcResponseToken(string crcToken, string consumerSecret)
    {
        ArgumentNullException.ThrowIfNull(crcToken);
        return Sha256Prefix + Convert.ToBase64String(Mac(consumerSecret, Encoding.UTF8.GetBytes(crcToken)));
    }

    public static WebhookVerdict VerifyX(ReadOnlySpan<byte> body, string? header, string consumerSecret) =>
        Verify(body, header, consumerSecret, static digest =>
        {
            var decoded = new byte[32];
            return Convert.TryFromBase64String(digest, decoded, out var written) && written == decoded.Length ? decoded : null;
        });

    public static WebhookVerdict VerifyMeta(ReadOnlySpan<byte> body, string? header, string appSecret) =>
        Verify(body, header, appSecret, static digest =>
        {
            if (digest.Length != 64)
            {
                return null;
            }

            try
            {
                return Convert.FromHexString(digest);
            }
            catch (FormatException)
            {
                return null;
            }
        });

    /// <summary>
    /// Meta's subscription check (GET with hub.mode, hub.verify_token, hub.challenge): the
    /// challenge to echo back when the mode is "subscribe" and the token is ours; otherwise null
    /// (answered 403).
    /// </summary>
    public static string? MetaChallenge(string? mode, string? verifyToken, string? challenge, string expectedVerifyToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(expectedVerifyToken);
        if (mode != "subscribe" || verifyToken is null || string.IsNullOrEmpty(challenge))
        {
            return null;
        }

        var given = Encoding.UTF8.GetBytes(verifyToken);
        var expected = Encoding.UTF8.GetBytes(expectedVerifyToken);
        return given.Length == expected.Length && CryptographicOperations.FixedTimeEquals(given, expected) ? challenge : null;
    }

    private static WebhookVerdict Verify(ReadOnlySpan<byte> body, string? header, string secret, Func<string, byte[]?> decode)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (string.IsNullOrWhiteSpace(header))
        {
            return WebhookVerdict.Missing;
        }

        var trimmed = header.Trim();
        if (!trimmed.StartsWith(Sha256Prefix, StringComparison.OrdinalIgnoreCase) || decode(trimmed[Sha256Prefix.Length..]) is not { } claimed)
        {
            return WebhookVerdict.Malformed;
        }

        return CryptographicOperations.FixedTimeEquals(claimed, Mac(secret, body)) ? WebhookVerdict.Valid : WebhookVerdict.Mismatch;
    }

    private static byte[] Mac(string secret, ReadOnlySpan<byte> data)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data);
    }
}
