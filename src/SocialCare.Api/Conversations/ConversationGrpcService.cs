using System.Globalization;
using Grpc.Core;
using SocialCare.Api.Access;
using SocialCare.Api.Common;
using SocialCare.Api.Deliveries;
using SocialCare.Api.Limits;
using SocialCare.Domain.Access;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Tenants;
using SocialCare.Domain.Text;
using SocialCare.Grains.Abstractions;
using SocialCare.Grains.Abstractions.Conversations;
using SocialCare.Grains.Abstractions.Customers;

namespace SocialCare.Api.Conversations;

public sealed class ConversationGrpcService(IGrainFactory grains, CareRateLimiter limiter, DeliveryStreams deliveries) : Wire.ConversationService.ConversationServiceBase
{
    public const int DefaultMessagePageSize = 100;

    public override async Task<Wire.GetConversationResponse> GetConversation(Wire.GetConversationRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (tenantId, conversationId) = ResourceNames.ParseConversation("name", request.Name);
        var conversation = await Conversation(tenantId, conversationId).GetAsync();
        var caller = context.Caller();
        caller.RequireTeamScope(conversation.TeamId, "name");
        var customer = await grains.GetCareGrain<ICustomerGrain>(GrainKeys.Customer(tenantId, conversation.CustomerId)).GetAsync();
        var response = new Wire.GetConversationResponse { Conversation = conversation.ToProto() };
        // The customer's conversations with other teams are theirs: a team-limited caller sees only its own teams'.
        var earlier = await customer.Conversations.Where(c => c.ConversationId != conversationId).ToList().VisibleToAsync(caller, grains, tenantId);
        response.EarlierConversations.AddRange(earlier.Select(c => c.ToProto(tenantId)));
        return response;
    }

    public override async Task<Wire.ListConversationMessagesResponse> ListConversationMessages(Wire.ListConversationMessagesRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (tenantId, conversationId) = ResourceNames.ParseConversation("parent", request.Parent);
        var pageSize = Paging.PageSize(request.PageSize, DefaultMessagePageSize);
        var after = 0;
        // The token is the number of the last message returned: messages are numbered from 1 in
        // order and never removed, so it stays valid however the conversation grows.
        if (request.PageToken.Length > 0
            && !int.TryParse(request.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            throw CareException.Invalid("page_token", "is not a token from a previous ListConversationMessages response.");
        }

        await context.Caller().RequireConversationTeamAsync(grains, tenantId, conversationId, "parent");

        // One more than asked tells whether another page exists without a count query.
        var messages = await Conversation(tenantId, conversationId).ListMessagesAsync(after, pageSize + 1);
        var response = new Wire.ListConversationMessagesResponse();
        response.Messages.AddRange(messages.Take(pageSize).Select(m => m.ToProto()));
        if (messages.Count > pageSize)
        {
            response.NextPageToken = messages[pageSize - 1].MessageId;
        }

        return response;
    }

    public override async Task<Wire.ClaimConversationResponse> ClaimConversation(Wire.ClaimConversationRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (tenantId, conversationId) = ResourceNames.ParseConversation("name", request.Name);
        var conversation = await Conversation(tenantId, conversationId).ClaimAsync(context.Caller().ActorFor(request.AgentId));
        return new Wire.ClaimConversationResponse { Conversation = conversation.View.ToProto() };
    }

    public override async Task<Wire.AssignConversationResponse> AssignConversation(Wire.AssignConversationRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (tenantId, conversationId) = ResourceNames.ParseConversation("name", request.Name);
        var conversation = await Conversation(tenantId, conversationId).AssignAsync(context.Caller().Self(), request.AssigneeId);
        return new Wire.AssignConversationResponse { Conversation = conversation.View.ToProto() };
    }

    public override async Task<Wire.ReleaseConversationResponse> ReleaseConversation(Wire.ReleaseConversationRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (tenantId, conversationId) = ResourceNames.ParseConversation("name", request.Name);
        var caller = context.Caller();
        var scope = caller.Has(CareRoles.Supervisor) ? ReleaseScope.Anyone : ReleaseScope.Own;
        var conversation = await Conversation(tenantId, conversationId).ReleaseAsync(caller.ActorFor(request.AgentId), scope);
        return new Wire.ReleaseConversationResponse { Conversation = conversation.View.ToProto() };
    }

    public override async Task<Wire.PostReplyResponse> PostReply(Wire.PostReplyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (tenantId, conversationId) = ResourceNames.ParseConversation("name", request.Name);
        var caller = context.Caller();
        var actor = caller.ActorFor(request.AgentId);
        limiter.Spend(RateBudget.Replies, caller, tenantId);
        var signature = request.Signature.Length > 0 ? request.Signature : SignatureOf(caller, actor);
        // A caller replying as itself goes by its token's name; one acting for another agent by that agent's id.
        var agentName = actor.ActedBy is null && !string.IsNullOrEmpty(caller.DisplayName) ? caller.DisplayName : actor.AgentId;
        var command = new ReplyDraft(
            actor,
            request.Text,
            request.Visibility.ToDomain("visibility"),
            signature,
            ProtoFields.NullIfEmpty(request.RequestId))
        {
            SavedReplyId = ProtoFields.NullIfEmpty(request.SavedReplyId),
            Corrects = request.CorrectsMessageId.Length == 0 ? null : MessageNumber(request.CorrectsMessageId, "corrects_message_id"),
            AuthorName = agentName,
            Variables = new Dictionary<string, string>(request.Variables, StringComparer.Ordinal),
        };
        var change = await Conversation(tenantId, conversationId).ReplyAsync(command);
        deliveries.Wake(tenantId);
        var response = new Wire.PostReplyResponse { Conversation = change.View.ToProto(), Reply = change.Message?.ToProto() };
        response.Warnings.AddRange(change.Warnings.Select(ConversationMapping.ToProto));
        return response;
    }

    public override async Task<Wire.ApproveReplyResponse> ApproveReply(Wire.ApproveReplyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (tenantId, conversationId) = ResourceNames.ParseConversation("name", request.Name);
        var sequence = MessageNumber(request.MessageId, "message_id");
        var change = await Conversation(tenantId, conversationId).ApproveReplyAsync(context.Caller().Self(), sequence);
        deliveries.Wake(tenantId);
        return new Wire.ApproveReplyResponse { Conversation = change.View.ToProto(), Reply = change.Message?.ToProto() };
    }

    public override async Task<Wire.RejectReplyResponse> RejectReply(Wire.RejectReplyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (tenantId, conversationId) = ResourceNames.ParseConversation("name", request.Name);
        var sequence = MessageNumber(request.MessageId, "message_id");
        FieldRules.RequireText("reason", request.Reason);
        var change = await Conversation(tenantId, conversationId).RejectReplyAsync(context.Caller().Self(), sequence, request.Reason);
        return new Wire.RejectReplyResponse { Conversation = change.View.ToProto(), Reply = change.Message?.ToProto() };
    }

    public override async Task<Wire.RequestRetractionResponse> RequestRetraction(Wire.RequestRetractionRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (tenantId, conversationId) = ResourceNames.ParseConversation("name", request.Name);
        var sequence = MessageNumber(request.MessageId, "message_id");
        FieldRules.RequireText("reason", request.Reason);
        var change = await Conversation(tenantId, conversationId).RequestRetractionAsync(context.Caller().Self(), sequence, request.Reason);
        deliveries.Wake(tenantId);
        return new Wire.RequestRetractionResponse { Conversation = change.View.ToProto(), Retraction = change.Message?.ToProto() };
    }

    /// <summary>A message id as the API hands them out: its number in the conversation.</summary>
    private static int MessageNumber(string messageId, string field) =>
        int.TryParse(messageId, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) && sequence > 0
            ? sequence
            : throw CareException.Invalid(field, $"{Echo.Quote(messageId)} is not a message id (a message's number in its conversation, such as \"4\").");

    // A caller replying as itself signs as its token says; one acting for another agent does not
    // lend that agent its own sign-off.
    private static string? SignatureOf(CareCaller caller, CareActor actor) =>
        actor.ActedBy is null && !string.IsNullOrEmpty(caller.Signature) ? caller.Signature : null;

    public override async Task<Wire.AddNoteResponse> AddNote(Wire.AddNoteRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (tenantId, conversationId) = ResourceNames.ParseConversation("name", request.Name);
        var change = await Conversation(tenantId, conversationId).AddNoteAsync(context.Caller().ActorFor(request.AgentId), request.Text);
        return new Wire.AddNoteResponse { Conversation = change.View.ToProto(), Note = change.Message?.ToProto() };
    }

    public override async Task<Wire.CorrectTriageResponse> CorrectTriage(Wire.CorrectTriageRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (tenantId, conversationId) = ResourceNames.ParseConversation("name", request.Name);
        var sequence = MessageNumber(request.MessageId, "message_id");
        var category = request.Category.ToOptionalDomain("category");
        var sentiment = request.Sentiment.ToOptionalDomain("sentiment");
        var change = await Conversation(tenantId, conversationId).CorrectTriageAsync(context.Caller().ActorFor(request.AgentId), sequence, category, sentiment);
        return new Wire.CorrectTriageResponse { Conversation = change.View.ToProto(), Note = change.Message?.ToProto() };
    }

    public override async Task<Wire.EscalateResponse> Escalate(Wire.EscalateRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (tenantId, conversationId) = ResourceNames.ParseConversation("name", request.Name);
        Identifiers.RequireSlug("team_id", request.TeamId);
        var conversation = await Conversation(tenantId, conversationId).EscalateAsync(context.Caller().ActorFor(request.AgentId), request.TeamId, request.Note);
        return new Wire.EscalateResponse { Conversation = conversation.View.ToProto() };
    }

    public override async Task<Wire.ResolveConversationResponse> ResolveConversation(Wire.ResolveConversationRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (tenantId, conversationId) = ResourceNames.ParseConversation("name", request.Name);
        var conversation = await Conversation(tenantId, conversationId).ResolveAsync(context.Caller().ActorFor(request.AgentId), ProtoFields.NullIfEmpty(request.Note));
        return new Wire.ResolveConversationResponse { Conversation = conversation.View.ToProto() };
    }

    public override async Task<Wire.ReopenConversationResponse> ReopenConversation(Wire.ReopenConversationRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (tenantId, conversationId) = ResourceNames.ParseConversation("name", request.Name);
        var conversation = await Conversation(tenantId, conversationId).ReopenAsync(context.Caller().ActorFor(request.AgentId), ProtoFields.NullIfEmpty(request.Note));
        return new Wire.ReopenConversationResponse { Conversation = conversation.View.ToProto() };
    }

    private IConversationGrain Conversation(string tenantId, string conversationId) =>
        grains.GetCareGrain<IConversationGrain>(GrainKeys.Conversation(tenantId, conversationId));
}
