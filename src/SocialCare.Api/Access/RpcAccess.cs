using Google.Protobuf;
using Google.Protobuf.Reflection;
using SocialCare.Domain.Access;

namespace SocialCare.Api.Access;

/// <summary>
/// One RPC's rule: who may call it and where its tenant is named. Each service declares its
/// rules beside itself; <see cref="AccessRules"/> gathers them, the interceptor enforces them
/// and the authorization matrix test is generated from them.
/// </summary>
/// <param name="Method">The gRPC path, "/package.Service/Method".</param>
/// <param name="TenantOf">
/// Reads the tenant and the field naming it from a request; null for a stream, whose service
/// checks each message's tenant.
/// </param>
public sealed record RpcAccess(string Method, RpcScope Scope, CareRoles Roles, Func<IMessage, (string TenantId, string Field)>? TenantOf)
{
    /// <summary>Who reads a desk's work: its agents, supervisors and auditors.</summary>
    public const CareRoles DeskReaders = CareRoles.Agent | CareRoles.Supervisor | CareRoles.Auditor;

    /// <summary>Who changes a conversation.</summary>
    public const CareRoles DeskWorkers = CareRoles.Agent | CareRoles.Supervisor;

    /// <summary>Whether the client sends a stream of messages (its size is checked per message, not as one body).</summary>
    public bool ReadsAStream { get; init; }

    public static RpcAccess Anonymous(ServiceDescriptor service, string method) =>
        Of(service, method, RpcScope.Anonymous, CareRoles.None, null);

    public static RpcAccess AnyCaller(ServiceDescriptor service, string method) =>
        Of(service, method, RpcScope.AnyCaller, CareRoles.None, null);

    public static RpcAccess Deployment(ServiceDescriptor service, string method, CareRoles roles) =>
        Of(service, method, RpcScope.Deployment, roles, null);

    public static RpcAccess Tenant<TRequest>(ServiceDescriptor service, string method, CareRoles roles, Func<TRequest, (string TenantId, string Field)> tenantOf)
        where TRequest : IMessage =>
        Of(service, method, RpcScope.Tenant, roles, request => tenantOf((TRequest)request));

    /// <summary>A client stream: roles are checked when it opens, the tenant of each message by the service.</summary>
    public static RpcAccess TenantPerMessage(ServiceDescriptor service, string method, CareRoles roles) =>
        Of(service, method, RpcScope.Tenant, roles, null);

    /// <summary>A misspelt method fails when the rules are first read, not silently at call time.</summary>
    private static RpcAccess Of(ServiceDescriptor service, string method, RpcScope scope, CareRoles roles, Func<IMessage, (string TenantId, string Field)>? tenantOf)
    {
        ArgumentNullException.ThrowIfNull(service);
        var descriptor = service.FindMethodByName(method)
            ?? throw new ArgumentException($"{service.FullName} has no method {method}.", nameof(method));
        return new RpcAccess($"/{service.FullName}/{method}", scope, roles, tenantOf) { ReadsAStream = descriptor.IsClientStreaming };
    }
}
