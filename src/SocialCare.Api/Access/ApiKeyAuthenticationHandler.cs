using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SocialCare.Api.Access;

/// <summary>Turns a valid "x-api-key" into the same claims a token carries, so one reader serves both.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyVerifier verifier) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    public const string Header = "x-api-key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values))
        {
            return AuthenticateResult.NoResult();
        }

        var verified = await verifier.VerifyAsync(values.ToString());
        if (verified is not { } found)
        {
            return AccessFailure.Fail(Context, "the API key is unknown, revoked or expired (keys look like sck.{tenant}.{key id}.{secret}).");
        }

        var (tenantId, key) = found;
        var claims = new List<Claim>
        {
            new(CareClaims.Tenant, tenantId),
            new(CareClaims.ApiKeyId, key.KeyId),
            new(CareClaims.Name, key.DisplayName),
        };
        claims.AddRange(CareClaims.RoleNamesOf(key.Roles).Select(role => new Claim(CareClaims.Role, role)));
        claims.AddRange((key.Teams ?? []).Select(team => new Claim(CareClaims.Teams, team)));
        if (key.AgentId is not null)
        {
            claims.Add(new Claim(CareClaims.AgentId, key.AgentId));
        }

        if (key.ExpiresAt is { } expires)
        {
            claims.Add(new Claim(CareClaims.Expires, expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, CareClaims.Name, CareClaims.Role));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
