using Grpc.Core;
using SocialCare.Api.Common;
using SocialCare.Api.Tenants;
using SocialCare.Domain.Errors;
using SocialCare.Domain.SavedReplies;
using SocialCare.Domain.Tenants;
using SocialCare.Grains.Abstractions;
using SocialCare.Grains.Abstractions.SavedReplies;
using SocialCare.Grains.Abstractions.Tenants;

namespace SocialCare.Api.SavedReplies;

/// <summary>The brand's saved replies one at a time, over the tenant grain that versions them with the settings.</summary>
public sealed class SavedReplyGrpcService(IGrainFactory grains) : Wire.SavedReplyService.SavedReplyServiceBase
{
    public override async Task<Wire.ListSavedRepliesResponse> ListSavedReplies(Wire.ListSavedRepliesRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tenantId = ResourceNames.ParseTenant("parent", request.Parent);
        var teamId = ProtoFields.OptionalSlug("team_id", request.TeamId);
        var settings = await SettingsAsync(tenantId);
        settings.RequireTeam(teamId, "team_id");

        var usage = await grains.GetCareGrain<ISavedReplyUsageGrain>(tenantId).ReadAsync();
        var response = new Wire.ListSavedRepliesResponse();
        response.SavedReplies.AddRange(settings.SavedReplies
            .Where(r => teamId is null || r.TeamId is null || r.TeamId == teamId)
            .OrderBy(r => r.Id, StringComparer.Ordinal)
            .Select(r => r.ToProto(tenantId, withHistory: false)));
        response.Usage.AddRange(usage.Select(TenantMapping.ToProto));
        return response;
    }

    public override async Task<Wire.GetSavedReplyResponse> GetSavedReply(Wire.GetSavedReplyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (tenantId, id) = ResourceNames.ParseSavedReply("name", request.Name);
        var reply = (await SettingsAsync(tenantId)).SavedReplies.FirstOrDefault(r => r.Id == id)
            ?? throw SavedReply.NotFound(tenantId, id, "name");
        return new Wire.GetSavedReplyResponse { SavedReply = reply.ToProto(tenantId, withHistory: true) };
    }

    public override async Task<Wire.CreateSavedReplyResponse> CreateSavedReply(Wire.CreateSavedReplyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tenantId = ResourceNames.ParseTenant("parent", request.Parent);
        var reply = Required(request.SavedReply);
        Identifiers.RequireSlug("saved_reply.id", reply.Id);
        var stored = await Tenant(tenantId).CreateSavedReplyAsync(reply);
        return new Wire.CreateSavedReplyResponse { SavedReply = stored.ToProto(tenantId, withHistory: true) };
    }

    public override async Task<Wire.UpdateSavedReplyResponse> UpdateSavedReply(Wire.UpdateSavedReplyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (tenantId, id) = ResourceNames.ParseSavedReply("name", request.Name);
        var reply = Required(request.SavedReply);
        if (reply.Id.Length > 0 && reply.Id != id)
        {
            throw CareException.Invalid("saved_reply.id", $"{Echo.Quote(reply.Id)} is not the id in name ({Echo.Quote(id)}); a saved reply keeps its id.");
        }

        var stored = await Tenant(tenantId).UpdateSavedReplyAsync(reply with { Id = id }, ProtoFields.ExpectedVersion(request.Version));
        return new Wire.UpdateSavedReplyResponse { SavedReply = stored.ToProto(tenantId, withHistory: true) };
    }

    public override async Task<Wire.DeleteSavedReplyResponse> DeleteSavedReply(Wire.DeleteSavedReplyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (tenantId, id) = ResourceNames.ParseSavedReply("name", request.Name);
        await Tenant(tenantId).DeleteSavedReplyAsync(id, ProtoFields.ExpectedVersion(request.Version));
        return new Wire.DeleteSavedReplyResponse();
    }

    private static SavedReply Required(Wire.SavedReply? reply) =>
        reply is null ? throw CareException.Invalid("saved_reply", "is required.") : reply.ToDomain();

    private ITenantGrain Tenant(string tenantId) => grains.GetCareGrain<ITenantGrain>(tenantId);

    private async Task<TenantSettings> SettingsAsync(string tenantId) =>
        await Tenant(tenantId).GetAsync() ?? throw CareException.NotFound($"Tenant \"{tenantId}\"");
}
