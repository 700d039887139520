using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SocialCare.Domain.Access;

namespace SocialCare.Api.Access;

/// <summary>Signs tokens with this deployment's key: development tokens, and tests' callers.</summary>
public sealed class CareTokenIssuer(IOptions<CareAuthOptions> options, TimeProvider time)
{
    public (string Token, DateTimeOffset ExpiresAt) Issue(TokenSubject subject, TimeSpan? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var settings = options.Value;
        var key = settings.SigningKeyBytes()
            ?? throw new InvalidOperationException($"{CareAuthOptions.Section}:SigningKey is not set, so this deployment signs no tokens.");
        var now = time.GetUtcNow();
        var expires = now + (lifetime ?? settings.DevelopmentTokenLifetime);
        return (Sign(key, settings.Issuer, settings.Audience, subject, now, expires), expires);
    }

    /// <summary>A signed token with SocialCare's claims; also what tests use to make good and bad tokens.</summary>
    public static string Sign(byte[] key, string issuer, string audience, TokenSubject subject, DateTimeOffset issuedAt, DateTimeOffset expires)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var claims = new Dictionary<string, object>
        {
            [CareClaims.Subject] = subject.AgentId,
            [CareClaims.AgentId] = subject.AgentId,
            [CareClaims.Tenant] = subject.Tenants.ToArray(),
            [CareClaims.Role] = CareClaims.RoleNamesOf(subject.Roles).ToArray(),
            ["jti"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
        };
        AddIfSet(claims, CareClaims.Name, subject.DisplayName);
        AddIfSet(claims, CareClaims.Signature, subject.Signature);
        AddIfSet(claims, CareClaims.Location, CareClaims.LocationName(subject.Location));
        if (subject.Teams is { Count: > 0 } teams)
        {
            claims[CareClaims.Teams] = teams.ToArray();
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    private static void AddIfSet(Dictionary<string, object> claims, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            claims[name] = value;
        }
    }
}
