using Google.Protobuf;

namespace SocialCare.Api.Tests.Access;

/// <summary>
/// For each RPC, a request that succeeds for a caller with a role the RPC accepts on its own
/// tenant: whatever the matrix then sees is the access rule's doing, not the request's.
/// Conversations that a call changes are fresh for each call.
/// </summary>
internal sealed class MatrixRequests(ApiFixture api)
{
    public async Task<IMessage> ForAsync(string method, string tenant) => method switch
    {
        "IngestMention" => Requests.Ingest(Requests.Mention(tenant, Fresh("author"), "Where is my parcel?")),
        "IngestMentions" => new Wire.IngestMentionsRequest { CorrelationId = "1", Mention = Requests.Mention(tenant, Fresh("author"), "Where is my parcel?") },
        "GetTrackingRules" => new Wire.GetTrackingRulesRequest { Name = $"tenants/{tenant}" },
        "ListQueue" => new Wire.ListQueueRequest { Parent = $"tenants/{tenant}" },
        "WatchQueue" => new Wire.WatchQueueRequest { Parent = $"tenants/{tenant}" },
        "GetWaitEstimate" => new Wire.GetWaitEstimateRequest { Parent = $"tenants/{tenant}" },
        "GetConversation" => new Wire.GetConversationRequest { Name = (await OpenAsync(tenant)).Conversation },
        "ListConversationMessages" => new Wire.ListConversationMessagesRequest { Parent = (await OpenAsync(tenant)).Conversation },
        "ClaimConversation" => new Wire.ClaimConversationRequest { Name = (await OpenAsync(tenant)).Conversation },
        "AssignConversation" => new Wire.AssignConversationRequest { Name = (await OpenAsync(tenant)).Conversation, AssigneeId = "kim" },
        // Unclaimed: releasing it is a no-op every desk worker may make.
        "ReleaseConversation" => new Wire.ReleaseConversationRequest { Name = (await OpenAsync(tenant)).Conversation },
        "PostReply" => new Wire.PostReplyRequest { Name = (await OpenAsync(tenant)).Conversation, Text = "Sorry about that, checking now." },
        "ApproveReply" => await DecisionAsync(tenant, (name, id) => new Wire.ApproveReplyRequest { Name = name, MessageId = id }),
        "RejectReply" => await DecisionAsync(tenant, (name, id) => new Wire.RejectReplyRequest { Name = name, MessageId = id, Reason = "Check the refund rules first." }),
        "RequestRetraction" => await RetractionAsync(tenant),
        "AddNote" => new Wire.AddNoteRequest { Name = (await OpenAsync(tenant)).Conversation, Text = "Customer called too." },
        "CorrectTriage" => await CorrectionAsync(tenant),
        "Escalate" => new Wire.EscalateRequest { Name = (await OpenAsync(tenant)).Conversation, TeamId = "legal", Note = "Mentions a lawyer." },
        "ResolveConversation" => new Wire.ResolveConversationRequest { Name = (await OpenAsync(tenant)).Conversation },
        "ReopenConversation" => new Wire.ReopenConversationRequest { Name = await ResolvedAsync(tenant) },
        "GetCustomer" => new Wire.GetCustomerRequest { Name = (await OpenAsync(tenant)).Customer },
        "LinkIdentity" => await LinkAsync(tenant),
        "CreateTenant" => new Wire.CreateTenantRequest { Tenant = new Wire.Tenant { TenantId = Fresh("t").Replace("-", "", StringComparison.Ordinal)[..20], DisplayName = "Matrix" } },
        "GetTenant" => new Wire.GetTenantRequest { Name = $"tenants/{tenant}" },
        // A tenant of its own: the matrix's tenants serve every other sample.
        "DeleteTenant" => new Wire.DeleteTenantRequest { Name = $"tenants/{await api.NewTenantAsync()}" },
        "UpdateTenant" => new Wire.UpdateTenantRequest { Tenant = (await api.Admin.GetTenantAsync(new Wire.GetTenantRequest { Name = $"tenants/{tenant}" })).Tenant },
        "CreateApiKey" => new Wire.CreateApiKeyRequest { Parent = $"tenants/{tenant}", ApiKey = new Wire.ApiKey { DisplayName = "matrix", Roles = { Wire.Role.Connector } } },
        "ListApiKeys" => new Wire.ListApiKeysRequest { Parent = $"tenants/{tenant}" },
        "RevokeApiKey" => new Wire.RevokeApiKeyRequest { Name = (await api.Admin.CreateApiKeyAsync(new Wire.CreateApiKeyRequest { Parent = $"tenants/{tenant}", ApiKey = new Wire.ApiKey { DisplayName = "to revoke", Roles = { Wire.Role.Connector } } })).ApiKey.Name },
        "ListSavedReplyUsage" => new Wire.ListSavedReplyUsageRequest { Parent = $"tenants/{tenant}" },
        "TrainTriageModel" => TinyTraining(tenant),
        "ListTriageModels" => new Wire.ListTriageModelsRequest { Parent = $"tenants/{tenant}" },
        "ActivateTriageModel" => new Wire.ActivateTriageModelRequest { Parent = $"tenants/{tenant}", Task = Wire.TriageTask.Sentiment, Version = 0 },
        "RollbackTriageModel" => await RollbackAsync(tenant),
        "ListSavedReplies" => new Wire.ListSavedRepliesRequest { Parent = $"tenants/{tenant}" },
        "GetSavedReply" => new Wire.GetSavedReplyRequest { Name = await SavedReplyAsync(tenant) },
        "CreateSavedReply" => new Wire.CreateSavedReplyRequest { Parent = $"tenants/{tenant}", SavedReply = new Wire.SavedReply { Id = Fresh("answer"), Text = "We are on it." } },
        "UpdateSavedReply" => new Wire.UpdateSavedReplyRequest { Name = await SavedReplyAsync(tenant), SavedReply = new Wire.SavedReply { Text = "We are on it, {customer.name}." } },
        "DeleteSavedReply" => new Wire.DeleteSavedReplyRequest { Name = await SavedReplyAsync(tenant) },
        "GetCarePolicy" => new Wire.GetCarePolicyRequest { Name = $"tenants/{tenant}/carePolicy" },
        "ListCarePolicyVersions" => new Wire.ListCarePolicyVersionsRequest { Parent = $"tenants/{tenant}" },
        // A rule no matrix mention matches, so the other samples see the default policy's answer.
        "UpdateCarePolicy" => new Wire.UpdateCarePolicyRequest
        {
            Name = $"tenants/{tenant}/carePolicy",
            CarePolicy = new Wire.CarePolicy { Rules = { new Wire.PolicyRule { RuleId = "matrix", When = new Wire.PolicyConditions { Keywords = { "matrix-never-said" } }, Then = new Wire.PolicyActions { Tags = { "matrix" } } } } },
        },
        "PreviewCarePolicy" => new Wire.PreviewCarePolicyRequest { Parent = $"tenants/{tenant}", Mention = Requests.Mention(tenant, Fresh("author"), "Where is my parcel?") },
        "SearchKnowledge" => new Wire.SearchKnowledgeRequest { Parent = $"tenants/{tenant}", Query = "refund for a lost bag" },
        "ListAuditEntries" => new Wire.ListAuditEntriesRequest { Parent = $"tenants/{tenant}" },
        "ExportAuditTrail" => new Wire.ExportAuditTrailRequest { Parent = $"tenants/{tenant}" },
        "VerifyAuditTrail" => new Wire.VerifyAuditTrailRequest { Parent = $"tenants/{tenant}" },
        "StreamDeliveries" => await DeliveryStreamAsync(tenant),
        "ReportDelivery" => new Wire.ReportDeliveryRequest { Name = await RepliedAsync(tenant), Outcome = Wire.DeliveryOutcome.Sent, NetworkMessageId = "1" },
        "GetDelivery" => new Wire.GetDeliveryRequest { Name = await RepliedAsync(tenant) },
        "WhoAmI" => new Wire.WhoAmIRequest(),
        "IssueDevelopmentToken" => new Wire.IssueDevelopmentTokenRequest(),
        "Ping" => new Wire.PingRequest(),
        "Check" => new Grpc.Health.V1.HealthCheckRequest(),
        "Watch" => new Grpc.Health.V1.HealthCheckRequest(),
        "ServerReflectionInfo" => new Grpc.Reflection.V1Alpha.ServerReflectionRequest { ListServices = "*" },
        _ => throw new InvalidOperationException($"The matrix has no sample request for {method}: add one, so the new RPC is checked."),
    };

    private static string Fresh(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    private async Task<Wire.IngestMentionResponse> OpenAsync(string tenant) =>
        await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, Fresh("author"), "My card was charged twice.")));

    // Only an identity that has written to the tenant can be linked, so the Instagram author writes first.
    private async Task<Wire.LinkIdentityRequest> LinkAsync(string tenant)
    {
        var instagram = Fresh("insta");
        await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, instagram, "Same problem here.", Wire.Channel.Instagram)));
        return new Wire.LinkIdentityRequest { Name = (await OpenAsync(tenant)).Customer, Channel = Wire.Channel.Instagram, NetworkUserId = instagram };
    }

    private async Task<Wire.CorrectTriageRequest> CorrectionAsync(string tenant)
    {
        var opened = await OpenAsync(tenant);
        return new Wire.CorrectTriageRequest { Name = opened.Conversation, MessageId = opened.MessageId, Category = Wire.Category.Complaint };
    }

    /// <summary>The smallest export a training takes: two folds, two rows of each sentiment.</summary>
    private static Wire.TrainTriageModelRequest TinyTraining(string tenant) => new()
    {
        Parent = $"tenants/{tenant}",
        Task = Wire.TriageTask.Sentiment,
        Csv = ByteString.CopyFromUtf8("text,label\nlost my bag again,negative\nworst airline ever,negative\nthanks for the upgrade,positive\nlovely crew today,positive\n"),
        LabelColumn = "label",
        Folds = 2,
        ExcludeCorrections = true,
    };

    /// <summary>A tenant with a model activated, so there is an earlier version (the default) to roll back to.</summary>
    private async Task<Wire.RollbackTriageModelRequest> RollbackAsync(string tenant)
    {
        var trained = await api.Admin.TrainTriageModelAsync(TinyTraining(tenant));
        await api.Admin.ActivateTriageModelAsync(new Wire.ActivateTriageModelRequest { Parent = $"tenants/{tenant}", Task = Wire.TriageTask.Sentiment, Version = trained.Model.Version });
        return new Wire.RollbackTriageModelRequest { Parent = $"tenants/{tenant}", Task = Wire.TriageTask.Sentiment };
    }

    /// <summary>A reply on a new conversation (so a stream has a due delivery to send first); its delivery's name.</summary>
    private async Task<string> RepliedAsync(string tenant)
    {
        var opened = await OpenAsync(tenant);
        var reply = await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = opened.Conversation, AgentId = "jd", Text = "Refund on its way." });
        return $"tenants/{tenant}/deliveries/{reply.Reply.Delivery.DeliveryId}";
    }

    /// <summary>
    /// A reply waiting for approval, by an agent the tenant lists as new (added to the tenant's
    /// policy the first time), so that no matrix caller is its author.
    /// </summary>
    private async Task<IMessage> DecisionAsync(string tenant, Func<string, string, IMessage> request)
    {
        const string NewAgent = "matrix-new-hire";
        var current = (await api.Admin.GetTenantAsync(new Wire.GetTenantRequest { Name = $"tenants/{tenant}" })).Tenant;
        if (!current.Approvals.NewAgents.Contains(NewAgent))
        {
            current.Approvals.NewAgents.Add(NewAgent);
            await api.Admin.UpdateTenantAsync(new Wire.UpdateTenantRequest { Tenant = current });
        }

        var opened = await OpenAsync(tenant);
        var reply = await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = opened.Conversation, AgentId = NewAgent, Text = "We will look into the charge." });
        return request(opened.Conversation, reply.Reply.MessageId);
    }

    private async Task<string> SavedReplyAsync(string tenant) =>
        (await api.SavedReplies.CreateSavedReplyAsync(new Wire.CreateSavedReplyRequest
        {
            Parent = $"tenants/{tenant}",
            SavedReply = new Wire.SavedReply { Id = Fresh("answer"), Title = "Matrix", Text = "Thanks for waiting." },
        })).SavedReply.Name;

    /// <summary>A reply a connector reported published, to retract.</summary>
    private async Task<Wire.RequestRetractionRequest> RetractionAsync(string tenant)
    {
        var opened = await OpenAsync(tenant);
        var reply = await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = opened.Conversation, AgentId = "jd", Text = "Refund on its way." });
        await api.Deliveries.ReportDeliveryAsync(new Wire.ReportDeliveryRequest
        {
            Name = $"tenants/{tenant}/deliveries/{reply.Reply.Delivery.DeliveryId}", Outcome = Wire.DeliveryOutcome.Sent, NetworkMessageId = "1801",
        });
        return new Wire.RequestRetractionRequest { Name = opened.Conversation, MessageId = reply.Reply.MessageId, Reason = "Wrong amount." };
    }

    private async Task<Wire.StreamDeliveriesRequest> DeliveryStreamAsync(string tenant)
    {
        await RepliedAsync(tenant);
        return new Wire.StreamDeliveriesRequest { Parent = $"tenants/{tenant}", Sender = "matrix" };
    }

    private async Task<string> ResolvedAsync(string tenant)
    {
        var opened = await OpenAsync(tenant);
        await api.Conversations.ResolveConversationAsync(new Wire.ResolveConversationRequest { Name = opened.Conversation, AgentId = "jd" });
        return opened.Conversation;
    }
}
