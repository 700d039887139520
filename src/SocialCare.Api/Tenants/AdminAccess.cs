using SocialCare.Api.Access;
using SocialCare.Api.Common;
using SocialCare.Domain.Access;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Tenants;

namespace SocialCare.Api.Tenants;

/// <summary>
/// Who may set a tenant up: the deployment's operators create and delete tenants, a tenant's admins change
/// it and its keys. The desk reads the settings (teams, SLA) its consoles show.
/// </summary>
internal static class AdminAccess
{
    public static IEnumerable<RpcAccess> Rules =>
    [
        RpcAccess.Deployment(Wire.AdminService.Descriptor, "CreateTenant", CareRoles.Operator),
        RpcAccess.Deployment(Wire.AdminService.Descriptor, "DeleteTenant", CareRoles.Operator),
        RpcAccess.Tenant<Wire.GetTenantRequest>(Wire.AdminService.Descriptor, "GetTenant", CareRoles.Admin | RpcAccess.DeskReaders, r => (ResourceNames.ParseTenant("name", r.Name), "name")),
        RpcAccess.Tenant<Wire.UpdateTenantRequest>(Wire.AdminService.Descriptor, "UpdateTenant", CareRoles.Admin, r => TenantOf(r.Tenant)),
        RpcAccess.Tenant<Wire.CreateApiKeyRequest>(Wire.AdminService.Descriptor, "CreateApiKey", CareRoles.Admin, r => (ResourceNames.ParseTenant("parent", r.Parent), "parent")),
        RpcAccess.Tenant<Wire.ListApiKeysRequest>(Wire.AdminService.Descriptor, "ListApiKeys", CareRoles.Admin | CareRoles.Auditor, r => (ResourceNames.ParseTenant("parent", r.Parent), "parent")),
        RpcAccess.Tenant<Wire.RevokeApiKeyRequest>(Wire.AdminService.Descriptor, "RevokeApiKey", CareRoles.Admin, r => (ResourceNames.ParseApiKey("name", r.Name).TenantId, "name")),
        RpcAccess.Tenant<Wire.ListSavedReplyUsageRequest>(Wire.AdminService.Descriptor, "ListSavedReplyUsage", CareRoles.Admin | CareRoles.Supervisor | CareRoles.Auditor, r => (ResourceNames.ParseTenant("parent", r.Parent), "parent")),
        RpcAccess.Tenant<Wire.TrainTriageModelRequest>(Wire.AdminService.Descriptor, "TrainTriageModel", CareRoles.Admin, r => (ResourceNames.ParseTenant("parent", r.Parent), "parent")),
        RpcAccess.Tenant<Wire.ListTriageModelsRequest>(Wire.AdminService.Descriptor, "ListTriageModels", CareRoles.Admin | CareRoles.Supervisor, r => (ResourceNames.ParseTenant("parent", r.Parent), "parent")),
        RpcAccess.Tenant<Wire.ActivateTriageModelRequest>(Wire.AdminService.Descriptor, "ActivateTriageModel", CareRoles.Admin, r => (ResourceNames.ParseTenant("parent", r.Parent), "parent")),
        RpcAccess.Tenant<Wire.RollbackTriageModelRequest>(Wire.AdminService.Descriptor, "RollbackTriageModel", CareRoles.Admin, r => (ResourceNames.ParseTenant("parent", r.Parent), "parent")),
    ];

    private static (string, string) TenantOf(Wire.Tenant? tenant)
    {
        const string Field = "tenant.tenant_id";
        if (tenant is null)
        {
            throw CareException.Invalid("tenant", "is required.");
        }

        Identifiers.RequireSlug(Field, tenant.TenantId);
        return (tenant.TenantId, Field);
    }
}
