using System.Security.Cryptography;
using System.Text;

namespace SocialCare.Domain.Access;

/// <summary>
/// The key a machine sends: "sck.{tenant}.{key id}.{secret}". The tenant and key id say where
/// the key is kept, so checking one is a single lookup; the secret is 32 random bytes.
/// </summary>
/// <remarks>
/// The stored hash is plain SHA-256: a slow password hash protects low-entropy secrets people
/// choose, while these are 256 random bits that no dictionary can guess, and a key is checked
/// on every call of a connector.
/// </remarks>
public static class ApiKeySecret
{
    public const string Prefix = "sck";

    /// <summary>Longer is not a key: refused before any lookup.</summary>
    public const int MaxLength = 200;

    public static string NewKeyId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Format(string tenantId, string keyId, string secret) => $"{Prefix}.{tenantId}.{keyId}.{secret}";

    public static bool TryParse(string? key, out string tenantId, out string keyId, out string secret)
    {
        tenantId = keyId = secret = "";
        if (string.IsNullOrEmpty(key) || key.Length > MaxLength)
        {
            return false;
        }

        var parts = key.Split('.');
        if (parts.Length != 4 || parts[0] != Prefix || parts[1].Length == 0 || parts[2].Length == 0 || parts[3].Length == 0)
        {
            return false;
        }

        (tenantId, keyId, secret) = (parts[1], parts[2], parts[3]);
        return true;
    }

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>Compares in constant time, so the time a refusal takes says nothing about the hash.</summary>
    public static bool Matches(byte[] storedHash, byte[] presentedHash) =>
        CryptographicOperations.FixedTimeEquals(storedHash, presentedHash);

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
