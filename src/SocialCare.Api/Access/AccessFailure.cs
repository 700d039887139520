using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace SocialCare.Api.Access;

/// <summary>
/// Keeps why a credential was refused for the call's UNAUTHENTICATED status, so a client
/// developer reads "the token expired" rather than only "unauthenticated".
/// </summary>
public static class AccessFailure
{
    private const string ReasonKey = "socialcare.auth-failure";

    public static AuthenticateResult Fail(HttpContext context, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[ReasonKey] = reason;
        return AuthenticateResult.Fail(reason);
    }

    public static void Record(HttpContext context, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[ReasonKey] = Describe(exception);
    }

    public static string? Reason(HttpContext context) => context?.Items[ReasonKey] as string;

    /// <summary>Says what is wrong with a token without echoing it.</summary>
    private static string Describe(Exception exception) => exception switch
    {
        SecurityTokenExpiredException expired => $"the token expired at {expired.Expires:O}.",
        SecurityTokenNotYetValidException => "the token is not valid yet (nbf is in the future).",
        SecurityTokenInvalidAudienceException => "the token is for another audience (aud).",
        SecurityTokenInvalidIssuerException => "the token's issuer (iss) is not trusted.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "the token's signature does not verify with any trusted key.",
        SecurityTokenInvalidAlgorithmException => "the token's signing algorithm is not accepted.",
        SecurityTokenNoExpirationException => "the token has no expiry (exp).",
        SecurityTokenMalformedException or ArgumentException => "the token is not a well-formed JWT.",
        _ => "the token is not valid.",
    };
}
