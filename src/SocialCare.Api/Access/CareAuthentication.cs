using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SocialCare.Api.Access;

/// <summary>Registers how callers prove who they are: bearer tokens for people, API keys for machines.</summary>
public static class CareAuthentication
{
    public const string Scheme = "SocialCare";
    public const string JwtScheme = JwtBearerDefaults.AuthenticationScheme;

    public static IServiceCollection AddSocialCareAccess(this IServiceCollection services)
    {
        services.AddOptions<CareAuthOptions>().BindConfiguration(CareAuthOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CareAuthOptions>, CareAuthOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<JwtBearerOptions>, JwtBearerSetup>());
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Bearer token or API key", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header) ? ApiKeyAuthenticationHandler.SchemeName : JwtScheme)
            .AddJwtBearer(JwtScheme, _ => { })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, _ => { });
        services.TryAddSingleton<ApiKeyVerifier>();
        services.TryAddSingleton<CareTokenIssuer>();
        services.TryAddSingleton<AccessGate>();
        return services;
    }

    /// <summary>Reads each call's credential; the gate (in the interceptor) decides what it may do.</summary>
    public static IApplicationBuilder UseSocialCareAccess(this IApplicationBuilder app) => app.UseAuthentication();
}
