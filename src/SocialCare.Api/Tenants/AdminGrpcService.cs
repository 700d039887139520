using Grpc.Core;
using SocialCare.Api.Access;
using SocialCare.Api.Common;
using SocialCare.Domain.Access;
using SocialCare.Domain.Errors;
using SocialCare.Grains.Abstractions;
using SocialCare.Grains.Abstractions.SavedReplies;
using SocialCare.Grains.Abstractions.Tenants;
using SocialCare.Grains.Abstractions.Triage;
using SocialCare.Domain.Triage;

namespace SocialCare.Api.Tenants;

public sealed class AdminGrpcService(IGrainFactory grains) : Wire.AdminService.AdminServiceBase
{
    public override async Task<Wire.CreateTenantResponse> CreateTenant(Wire.CreateTenantRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = request.Tenant.ToDomain();
        var tenant = grains.GetCareGrain<ITenantGrain>(settings.TenantId);
        if (request.ValidateOnly && await tenant.GetAsync() is not null)
        {
            throw new CareException(CareErrorKind.AlreadyExists, $"Tenant \"{settings.TenantId}\" already exists.");
        }

        var created = request.ValidateOnly ? await tenant.PreviewAsync(settings, null) : await tenant.CreateAsync(settings);
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
        var tenant = grains.GetCareGrain<ITenantGrain>(settings.TenantId);
        if (request.ValidateOnly && await tenant.GetAsync() is null)
        {
            throw CareException.NotFound($"Tenant \"{settings.TenantId}\"");
        }

        var updated = request.ValidateOnly ? await tenant.PreviewAsync(settings, expected) : await tenant.UpdateAsync(settings, expected);
        return new Wire.UpdateTenantResponse { Tenant = updated.ToProto() };
    }

    public override async Task<Wire.DeleteTenantResponse> DeleteTenant(Wire.DeleteTenantRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var tenantId = ResourceNames.ParseTenant("name", request.Name);
        if (request.Version < 0)
        {
            throw CareException.Invalid("version", $"{request.Version} is not a version: versions start at 1 (0 or unset: any).");
        }

        var removed = await grains.GetCareGrain<ITenantDeletionGrain>(tenantId).DeleteAsync(request.Version == 0 ? null : request.Version);
        if (removed is null && !request.AllowMissing)
        {
            throw CareException.NotFound($"Tenant \"{tenantId}\"", "name");
        }

        var response = new Wire.DeleteTenantResponse { Deleted = removed is not null };
        if (removed is not null)
        {
            response.Removed.Add(removed);
        }

        return response;
    }

    public override async Task<Wire.CreateApiKeyResponse> CreateApiKey(Wire.CreateApiKeyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tenantId = ResourceNames.ParseTenant("parent", request.Parent);
        var key = request.ApiKey ?? throw CareException.Invalid("api_key", "is required.");
        var asked = new ApiKeyRequest(
            key.DisplayName,
            key.Roles.ToDomain("api_key.roles"),
            key.TeamIds.Count == 0 ? null : [.. key.TeamIds],
            ProtoFields.NullIfEmpty(key.AgentId),
            key.ExpireTime is null ? null : key.ExpireTime.ToDomain("api_key.expire_time"));
        var issued = await Tenant(tenantId).CreateApiKeyAsync(asked, context.Caller().CallerId);
        return new Wire.CreateApiKeyResponse { ApiKey = issued.Key.ToProto(tenantId), Secret = issued.Secret };
    }

    public override async Task<Wire.ListApiKeysResponse> ListApiKeys(Wire.ListApiKeysRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tenantId = ResourceNames.ParseTenant("parent", request.Parent);
        var keys = await Tenant(tenantId).ListApiKeysAsync();
        var response = new Wire.ListApiKeysResponse();
        response.ApiKeys.AddRange(keys.Select(k => k.ToProto(tenantId)));
        return response;
    }

    public override async Task<Wire.RevokeApiKeyResponse> RevokeApiKey(Wire.RevokeApiKeyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (tenantId, keyId) = ResourceNames.ParseApiKey("name", request.Name);
        var revoked = await Tenant(tenantId).RevokeApiKeyAsync(keyId, context.Caller().CallerId);
        return new Wire.RevokeApiKeyResponse { ApiKey = revoked.ToProto(tenantId) };
    }

    private ITenantGrain Tenant(string tenantId) => grains.GetCareGrain<ITenantGrain>(tenantId);

    public override async Task<Wire.ListSavedReplyUsageResponse> ListSavedReplyUsage(Wire.ListSavedReplyUsageRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tenantId = ResourceNames.ParseTenant("parent", request.Parent);
        var usage = await grains.GetCareGrain<ISavedReplyUsageGrain>(tenantId).ReadAsync();
        var response = new Wire.ListSavedReplyUsageResponse();
        response.Usage.AddRange(usage.Select(TenantMapping.ToProto));
        return response;
    }

    public override async Task<Wire.TrainTriageModelResponse> TrainTriageModel(Wire.TrainTriageModelRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tenantId = ResourceNames.ParseTenant("parent", request.Parent);
        var task = request.Task.ToDomain("task");
        if (task == TriageTask.Sentiment && request.TargetRecall != 0)
        {
            throw CareException.Invalid("target_recall", "applies to complaint models only.");
        }

        if (request.Csv.Length > 0 && string.IsNullOrWhiteSpace(request.LabelColumn))
        {
            throw CareException.Invalid("label_column", "is required with a csv export.");
        }

        var training = new TriageTrainingRequest(
            task,
            request.Csv.Length > 0 ? request.Csv.ToByteArray() : null,
            string.IsNullOrWhiteSpace(request.TextColumn) ? "text" : request.TextColumn,
            request.LabelColumn,
            string.IsNullOrEmpty(request.PositiveLabel) ? "1" : request.PositiveLabel,
            !request.ExcludeCorrections,
            request.Folds,
            request.TargetRecall);
        var trained = await grains.GetCareGrain<ITriageModelGrain>(tenantId).TrainAsync(training);
        // A version just trained is a new number, never the one in use: activation comes after.
        return new Wire.TrainTriageModelResponse { Model = trained.ToProto(active: false) };
    }

    public override async Task<Wire.ListTriageModelsResponse> ListTriageModels(Wire.ListTriageModelsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tenantId = ResourceNames.ParseTenant("parent", request.Parent);
        var catalog = await grains.GetCareGrain<ITriageModelGrain>(tenantId).ListAsync();
        var response = new Wire.ListTriageModelsResponse { Active = catalog.Active.ToProto(), Corrections = catalog.Corrections };
        response.Models.AddRange(catalog.Models.Select(m => m.ToProto(catalog.Active.VersionOf(m.Task) == m.Version)));
        return response;
    }

    public override async Task<Wire.ActivateTriageModelResponse> ActivateTriageModel(Wire.ActivateTriageModelRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tenantId = ResourceNames.ParseTenant("parent", request.Parent);
        var task = request.Task.ToDomain("task");
        var threshold = request.ComplaintThreshold == 0 ? (double?)null : request.ComplaintThreshold;
        var active = await grains.GetCareGrain<ITriageModelGrain>(tenantId).ActivateAsync(task, request.Version, threshold);
        return new Wire.ActivateTriageModelResponse { Active = active.ToProto() };
    }

    public override async Task<Wire.RollbackTriageModelResponse> RollbackTriageModel(Wire.RollbackTriageModelRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tenantId = ResourceNames.ParseTenant("parent", request.Parent);
        var active = await grains.GetCareGrain<ITriageModelGrain>(tenantId).RollBackAsync(request.Task.ToDomain("task"));
        return new Wire.RollbackTriageModelResponse { Active = active.ToProto() };
    }
}
