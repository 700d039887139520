using Grpc.Core;
using SocialCare.Api.Common;
using SocialCare.Domain.Errors;
using SocialCare.Grains;
using SocialCare.Grains.Tenants;

namespace SocialCare.Api.Tenants;

public sealed class AdminGrpcService(IGrainFactory grains) : Wire.AdminService.AdminServiceBase
{
    public override async Task<Wire.CreateTenantResponse> CreateTenant(Wire.CreateTenantRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = request.Tenant.ToDomain();
        var created = await grains.GetCareGrain<ITenantGrain>(settings.TenantId).CreateAsync(settings);
        return new Wire.CreateTenantResponse { Tenant = created.ToProto() };
    }

    public override async Task<Wire.GetTenantResponse> GetTenant(Wire.GetTenantRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tenantId = ResourceNames.ParseTenant("name", request.Name);
        var settings = await grains.GetCareGrain<ITenantGrain>(tenantId).GetAsync()
            ?? throw CareException.NotFound($"Tenant \"{tenantId}\"");
        return new Wire.GetTenantResponse { Tenant = settings.ToProto() };
    }

    public override async Task<Wire.UpdateTenantResponse> UpdateTenant(Wire.UpdateTenantRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = request.Tenant.ToDomain();
        var expected = request.Tenant.Version == 0 ? (long?)null : request.Tenant.Version;
        var updated = await grains.GetCareGrain<ITenantGrain>(settings.TenantId).UpdateAsync(settings, expected);
        return new Wire.UpdateTenantResponse { Tenant = updated.ToProto() };
    }
}
