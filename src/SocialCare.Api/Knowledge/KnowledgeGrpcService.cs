using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using SocialCare.Api.Access;
using SocialCare.Api.Common;
using SocialCare.Api.Tenants;
using SocialCare.Domain.Errors;
using SocialCare.Grains.Abstractions;
using SocialCare.Grains.Abstractions.Knowledge;

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

        // The knowledge grain reads the tenant (an unknown tenant or team is NOT_FOUND there).
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
