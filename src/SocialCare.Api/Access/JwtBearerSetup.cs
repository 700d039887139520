using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace SocialCare.Api.Access;

/// <summary>
/// Trusts tokens signed with this deployment's key, by the configured identity provider, or
/// both: the provider's keys and issuer are added to the key's when its discovery document is read.
/// </summary>
internal sealed class JwtBearerSetup(IOptions<CareAuthOptions> care) : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name == CareAuthentication.JwtScheme)
        {
            Configure(options);
        }
    }

    public void Configure(JwtBearerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = care.Value;
        // Claims keep the names the token uses ("role", "tenant"), not the WS-Federation URIs
        // .NET would map them to.
        options.MapInboundClaims = false;
        if (!string.IsNullOrEmpty(settings.Authority))
        {
            options.Authority = settings.Authority;
            options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
        }

        var key = settings.SigningKeyBytes();
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuers = [settings.Issuer],
            ValidAudience = settings.Audience,
            IssuerSigningKeys = key is null ? [] : [new SymmetricSecurityKey(key)],
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = settings.ClockSkew,
            NameClaimType = CareClaims.Name,
            RoleClaimType = CareClaims.Role,
        };
        options.Events = new JwtBearerEvents
        {
            OnAuthenticationFailed = context =>
            {
                AccessFailure.Record(context.HttpContext, context.Exception);
                return Task.CompletedTask;
            },
        };
    }
}
