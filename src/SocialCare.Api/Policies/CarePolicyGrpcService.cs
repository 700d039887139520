using Grpc.Core;
using SocialCare.Api.Common;
using SocialCare.Api.Conversations;
using SocialCare.Api.Ingest;
using SocialCare.Domain.Errors;
using SocialCare.Grains.Abstractions;
using SocialCare.Grains.Abstractions.Tenants;

namespace SocialCare.Api.Policies;

/// <summary>The brand's care policy: read, versioned, saved and tried, over the tenant grain that keeps it with the settings.</summary>
public sealed class CarePolicyGrpcService(IGrainFactory grains) : Wire.CarePolicyService.CarePolicyServiceBase
{
    private const string RulesField = "care_policy.rules";

    public override async Task<Wire.GetCarePolicyResponse> GetCarePolicy(Wire.GetCarePolicyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tenantId = ResourceNames.ParseCarePolicy("name", request.Name);
        if (request.Version < 0)
        {
            throw CareException.Invalid("version", "must be 0 (the policy in force) or a version number.");
        }

        var versions = await Tenant(tenantId).ListPolicyVersionsAsync();
        var policy = request.Version == 0
            ? versions[0]
            : versions.FirstOrDefault(p => p.Version == request.Version)
              ?? throw CareException.NotFound($"Version {request.Version} of the care policy of tenant \"{tenantId}\" (versions 1 to {versions[0].Version} exist)");
        return new Wire.GetCarePolicyResponse { CarePolicy = policy.ToProto(tenantId) };
    }

    public override async Task<Wire.ListCarePolicyVersionsResponse> ListCarePolicyVersions(Wire.ListCarePolicyVersionsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tenantId = ResourceNames.ParseTenant("parent", request.Parent);
        var response = new Wire.ListCarePolicyVersionsResponse();
        response.CarePolicies.AddRange((await Tenant(tenantId).ListPolicyVersionsAsync()).Select(p => p.ToProto(tenantId)));
        return response;
    }

    public override async Task<Wire.UpdateCarePolicyResponse> UpdateCarePolicy(Wire.UpdateCarePolicyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tenantId = ResourceNames.ParseCarePolicy("name", request.Name);
        if (request.CarePolicy is null)
        {
            throw CareException.Invalid("care_policy", "is required (a policy with no rules restores the default).");
        }

        var saved = await Tenant(tenantId).SavePolicyAsync(request.CarePolicy.Rules.ToDomain(RulesField), ProtoFields.ExpectedVersion(request.Version));
        return new Wire.UpdateCarePolicyResponse { CarePolicy = saved.ToProto(tenantId) };
    }

    public override async Task<Wire.PreviewCarePolicyResponse> PreviewCarePolicy(Wire.PreviewCarePolicyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tenantId = ResourceNames.ParseTenant("parent", request.Parent);
        if (request.Mention is { } given && given.TenantId.Length > 0 && given.TenantId != tenantId)
        {
            throw CareException.Invalid("mention.tenant_id", $"{Echo.Quote(given.TenantId)} is not the parent's tenant ({Echo.Quote(tenantId)}).");
        }

        var wire = request.Mention?.Clone();
        if (wire is not null)
        {
            wire.TenantId = tenantId;
        }

        var mention = wire.ToDomain();
        Domain.Text.FieldRules.OptionalId("customer_id", request.CustomerId);
        var draft = request.UseDraft || request.DraftRules.Count > 0 ? request.DraftRules.ToDomain("draft_rules") : null;
        var preview = await Tenant(tenantId).PreviewPolicyAsync(mention, request.FollowUp, request.CustomerId, draft);
        var response = new Wire.PreviewCarePolicyResponse { Triage = preview.Triage.ToProto(), Decision = preview.Decision.ToProto() };
        response.Rules.AddRange(preview.Rules.Select(CarePolicyMapping.ToProto));
        return response;
    }

    private ITenantGrain Tenant(string tenantId) => grains.GetCareGrain<ITenantGrain>(tenantId);
}
