using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using SocialCare.Api.Access;
using SocialCare.Domain.Audit;
using SocialCare.Grains.Abstractions;
using SocialCare.Grains.Abstractions.Audit;

namespace SocialCare.Api.Audit;

/// <summary>
/// The API's part of the trail: it names the caller for the grains (which record the changes they
/// make), and records the calls it refuses, since a refused call reaches no grain that changes.
/// </summary>
public sealed partial class CallerAudit(IGrainFactory grains, TimeProvider clock, ILogger<CallerAudit> logger)
{
    /// <summary>The longest refusal reason kept in an entry.</summary>
    private const int MaxDetail = 300;

    /// <summary>Carries the verified caller into the grain calls this request makes.</summary>
    public static void Attach(ServerCallContext context, IMessage? request)
    {
        if (AccessGate.TryCallerOf(context) is not { } caller)
        {
            return;
        }

        AuditContext.Set(ActorOf(caller, context, request));
    }

    /// <summary>
    /// Records a refused call in the trail of the tenant it named (or, when it named one it is not
    /// trusted with, of the caller's own tenants). An unauthenticated call names nobody, so it is
    /// only logged. Recording never changes the caller's answer: a failure here is logged.
    /// </summary>
    public async Task RecordDenialAsync(ServerCallContext context, IMessage? request, Status status)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (AccessGate.TryCallerOf(context) is not { } caller)
        {
            return;
        }

        var method = context.Method[(context.Method.LastIndexOf('/') + 1)..];
        var refusedTenant = AccessGate.RefusedTenantOf(context);
        var named = refusedTenant ?? NamedTenant(context.Method, request);
        var tenants = named is not null && refusedTenant is null && caller.TrustsTenant(named)
            ? [named]
            : caller.Tenants.Where(t => t != CareClaims.EveryTenant).ToList();
        var detail = refusedTenant is null ? status.Detail : $"named tenant \"{refusedTenant}\", which the caller is not trusted with (answered NOT_FOUND)";
        detail = detail.Length > MaxDetail ? detail[..MaxDetail] : detail;
        var actor = ActorOf(caller, context, request);
        foreach (var tenantId in tenants)
        {
            try
            {
                await grains.GetCareGrain<IAuditTrailGrain>(tenantId).RecordDenialAsync(
                    actor.Entry(tenantId, clock.GetUtcNow(), AuditActions.Denied, method, detail: detail, outcome: AuditOutcome.Denied));
            }
            catch (Exception failed) when (failed is not OperationCanceledException)
            {
                LogNotRecorded(logger, failed, method, caller.CallerId, tenantId);
            }
        }
    }

    /// <summary>The caller as the trail names it, in this request.</summary>
    private static AuditActor ActorOf(CareCaller caller, ServerCallContext context, IMessage? request) =>
        new(
            caller.CallerId,
            string.Join(' ', CareClaims.RoleNamesOf(caller.Roles)),
            caller.Location.ToString().ToLowerInvariant(),
            RequestId(context, request));

    /// <summary>The client's idempotency key where the request has one, else the server's id for the call.</summary>
    private static string RequestId(ServerCallContext context, IMessage? request)
    {
        if (request?.Descriptor.FindFieldByName("request_id") is { } field && field.Accessor.GetValue(request) is string { Length: > 0 } given)
        {
            return given;
        }

        return context.GetHttpContext().TraceIdentifier;
    }

    private static string? NamedTenant(string method, IMessage? request)
    {
        if (request is null || AccessRules.Find(method)?.TenantOf is not { } tenantOf)
        {
            return null;
        }

        try
        {
            return tenantOf(request).TenantId;
        }
        catch (Exception unreadable) when (unreadable is Domain.Errors.CareException or ArgumentException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Error, Message = "The refusal of {Method} to {Caller} could not be recorded in tenant {TenantId}'s audit trail")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception, string method, string caller, string tenantId);
}
