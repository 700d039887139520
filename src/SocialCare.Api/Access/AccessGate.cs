using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace SocialCare.Api.Access;

/// <summary>
/// Enforces <see cref="AccessRules"/> before a call runs: a credential (UNAUTHENTICATED), a role
/// the RPC accepts (PERMISSION_DENIED), a tenant the caller is trusted with (NOT_FOUND, as for a
/// tenant that does not exist). The caller is then kept for the service.
/// </summary>
public sealed class AccessGate(IOptions<CareAuthOptions> options)
{
    /// <summary>What a call that needs a credential and brought none is told.</summary>
    private const string NoCredential = $"this call needs a credential: metadata \"authorization: Bearer {{token}}\" or \"{ApiKeyAuthenticationHandler.Header}: {{key}}\".";

    private static readonly object CallerKey = new();
    private static readonly object RefusedTenantKey = new();

    /// <param name="request">Null for a client stream: its messages' tenants are checked by the service.</param>
    public void Authorize(IMessage? request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rule = AccessRules.Find(context.Method)
            ?? throw new RpcException(new Status(StatusCode.PermissionDenied, $"{context.Method} has no access rule, so nobody may call it."));
        if (rule.Scope == RpcScope.Anonymous)
        {
            return;
        }

        var http = context.GetHttpContext();
        var caller = Authenticate(http);
        if (rule.Scope == RpcScope.AnyCaller)
        {
            return;
        }

        if (!caller.Has(rule.Roles))
        {
            throw new RpcException(new Status(
                StatusCode.PermissionDenied,
                $"{MethodName(context.Method)} needs the role {string.Join(" or ", CareClaims.RoleNamesOf(rule.Roles))}; {caller.CallerId} has {CareClaims.Describe(caller.Roles)}."));
        }

        if (rule.TenantOf is not null && request is not null)
        {
            var (tenantId, field) = rule.TenantOf(request);
            if (!caller.TrustsTenant(tenantId))
            {
                // Answered as for a tenant that does not exist, but recorded as the denial it is.
                http.Items[RefusedTenantKey] = tenantId;
                throw CareCaller.NoSuchTenant(tenantId, field);
            }
        }
    }

    /// <summary>The caller the gate let through; fails if the call was never authorized.</summary>
    public static CareCaller CallerOf(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetHttpContext().Items[CallerKey] as CareCaller
            ?? throw new InvalidOperationException($"{context.Method} ran without a verified caller; its access rule must not be anonymous.");
    }

    /// <summary>The caller, if the gate got as far as verifying one.</summary>
    public static CareCaller? TryCallerOf(ServerCallContext context) =>
        context?.GetHttpContext().Items[CallerKey] as CareCaller;

    /// <summary>The tenant a caller named but is not trusted with, when that is why the gate refused the call.</summary>
    public static string? RefusedTenantOf(ServerCallContext context) =>
        context?.GetHttpContext().Items[RefusedTenantKey] as string;

    /// <summary>
    /// The request's caller, read from its credential once per request and kept for the call (the
    /// request-size check reads it before the body, the interceptor after); UNAUTHENTICATED with
    /// the reason when there is none to be had.
    /// </summary>
    public CareCaller Authenticate(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Items[CallerKey] is CareCaller known)
        {
            return known;
        }

        var caller = ReadCaller(http);
        http.Items[CallerKey] = caller;
        return caller;
    }

    private CareCaller ReadCaller(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated == true)
        {
            return CareCaller.FromPrincipal(http.User, out var problem)
                ?? throw Unauthenticated(problem!);
        }

        if (AccessFailure.Reason(http) is { } reason)
        {
            throw Unauthenticated(reason);
        }

        if (options.Value.AllowAnonymous)
        {
            return CareCaller.Anonymous;
        }

        throw Unauthenticated(NoCredential);
    }

    private static RpcException Unauthenticated(string reason) =>
        new(new Status(StatusCode.Unauthenticated, reason));

    private static string MethodName(string path) => path[(path.LastIndexOf('/') + 1)..];
}
