using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using SocialCare.Api.Access;
using SocialCare.Api.Common;
using SocialCare.Api.Tenants;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Tenants;
using SocialCare.Grains;
using SocialCare.Grains.Knowledge;
using SocialCare.Grains.Tenants;

namespace SocialCare.Api.Knowledge;

public sealed class KnowledgeGrpcService(IGrainFactory grains) : Wire.KnowledgeService.KnowledgeServiceBase
{
    public const int DefaultPageSize = 10;

    public override async Task<Wire.SearchKnowledgeResponse> SearchKnowledge(Wire.SearchKnowledgeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tenantId = ResourceNames.ParseTenant("parent", request.Parent);
        var teamId = ProtoFields.OptionalSlug("team_id", request.TeamId);

        context.Caller().RequireTeamScope(teamId, "team_id");
        if (request.PageSize is < 0 or > KnowledgeQuery.MaxTake)
        {
            throw CareException.Invalid("page_size", $"must be 0 (the default, {DefaultPageSize}) to {KnowledgeQuery.MaxTake}.");
        }

        var settings = await grains.GetCareGrain<ITenantGrain>(tenantId).GetAsync() ?? throw CareException.NotFound($"Tenant \"{tenantId}\"");
        settings.RequireTeam(teamId, "team_id");

        var found = await grains.GetCareGrain<IKnowledgeGrain>(tenantId)
            .SearchAsync(new KnowledgeQuery(request.Query, teamId, request.PageSize == 0 ? DefaultPageSize : request.PageSize));
        var response = new Wire.SearchKnowledgeResponse();
        response.SavedReplies.AddRange(found.SavedReplies.Select(h => new Wire.SavedReplyMatch { SavedReply = h.SavedReply.ToProto(tenantId, withHistory: false), Score = h.Score }));
        response.ResolvedConversations.AddRange(found.Conversations.Select(h => new Wire.ResolvedCase
        {
            Conversation = ResourceNames.Conversation(tenantId, h.Entry.ConversationId),
            TeamId = h.Entry.TeamId,
            Channel = h.Entry.Channel.ToProto(),
            Category = h.Entry.Category.ToProto(),
            Question = h.Entry.Question,
            Answer = h.Entry.Answer,
            ResolveTime = Timestamp.FromDateTimeOffset(h.Entry.ResolvedAt),
            Score = h.Score,
        }));
        return response;
    }
}
