namespace SocialCare.Api.Guardrails;

/// <summary>
/// Every string field a response can carry, classified once: what a customer wrote or an agent
/// wrote about them (masked by <see cref="Domain.Guardrails.PersonalData.Redact"/> for remote
/// callers), who the customer is on the network (masked whole when it is a phone number, as
/// WhatsApp's ids and handles are), or neither (ids, names of resources, the brand's own words).
/// A test walks the contract's responses and fails on a string field missing here, so a new field
/// is classified before it can reach a remote agent whole.
/// </summary>
public static class RedactedFields
{
    private const string V1 = "socialcare.v1.";

    /// <summary>Free text that may hold a customer's personal data.</summary>
    public static readonly IReadOnlySet<string> Words = Names(
        "ConversationMessage.text", "ConversationReference.preview", "QueueItem.preview", "Delivery.text",
        "Escalation.note", "ReplyApproval.reason", "ReplyApproval.reasons", "MessageDelivery.last_error", "Delivery.last_error",
        "ResolvedCase.question", "ResolvedCase.answer", "GuardrailFinding.excerpt", "TriageResult.reason", "TriageResult.cues",
        "AuditEntry.detail", "IngestRejection.message",
        "Attachment.caption", "Attachment.name", "GeoLocation.name", "GeoLocation.address", "ContactCard.name",
        "CustomerChoice.title", "CustomerChoice.response_json", "MessageVersion.text",
        // A part of a priority may quote triage's reason, which quotes the customer.
        "PriorityReason.why");

    /// <summary>The customer's identity on a network: ids, handles and names, which on WhatsApp are phone numbers.</summary>
    public static readonly IReadOnlySet<string> CustomerIdentifiers = Names(
        "Author.network_user_id", "Author.handle", "Author.display_name",
        "CustomerIdentity.network_user_id", "CustomerIdentity.handle", "CustomerIdentity.display_name",
        "QueueItem.author_handle", "Delivery.recipient_id", "ConversationMessage.thread_id",
        "ContactCard.phones", "ContactCard.emails",
        // A VIP list or blocklist names customers.
        "PolicyConditions.handles", "PolicyConditions.customer_ids");

    /// <summary>
    /// Where a customer is (a shared location): coarsened for remote callers to about ten
    /// kilometres, so the agent still knows the city, not the street.
    /// </summary>
    public static readonly IReadOnlySet<string> Coordinates = Names("GeoLocation.latitude", "GeoLocation.longitude");

    /// <summary>Neither: resource names and ids, the brand's and SocialCare's own words, codes.</summary>
    public static readonly IReadOnlySet<string> Kept = Names(
        "WhoAmIResponse.caller_id", "WhoAmIResponse.agent_id", "WhoAmIResponse.display_name", "WhoAmIResponse.signature",
        "WhoAmIResponse.tenant_ids", "WhoAmIResponse.team_ids", "IssueDevelopmentTokenResponse.token",
        "TriageModel.created_by", "TriageClassFigures.label", "TriageConfusion.actual", "TriageConfusion.predicted",
        "ChannelAccount.account_id", "ChannelAccount.handle", "Team.team_id", "Team.display_name",
        "BusinessHours.open_time", "BusinessHours.close_time", "BusinessCalendar.time_zone", "BusinessCalendar.holidays",
        "Tenant.name", "Tenant.tenant_id", "Tenant.display_name", "Tenant.default_team_id", "Tenant.signature_template", "Tenant.reply_variables",
        "ApprovalPolicy.teams", "ApprovalPolicy.new_agents", "SavedReplyUsage.saved_reply_id",
        "SavedReply.id", "SavedReply.title", "SavedReply.text", "SavedReply.team_id", "SavedReply.updated_by", "SavedReply.name", "SavedReply.variables",
        "SavedReplyVersion.title", "SavedReplyVersion.text", "SavedReplyVersion.team_id", "SavedReplyVersion.updated_by",
        "GuardrailPolicy.banned_words", "ForbiddenPromise.phrase", "IdentifierPattern.name", "IdentifierPattern.pattern",
        "TrackingRules.keywords", "TrackingRules.exclusions", "TrackingRules.languages", "TrackingRules.team_id",
        "ApiKey.name", "ApiKey.key_id", "ApiKey.display_name", "ApiKey.team_ids", "ApiKey.agent_id", "ApiKey.creator", "ApiKey.revoker",
        "CreateApiKeyResponse.secret",
        "AuditEntry.actor", "AuditEntry.acted_by", "AuditEntry.role", "AuditEntry.location", "AuditEntry.action", "AuditEntry.target",
        "AuditEntry.conversation_id", "AuditEntry.request_id", "AuditEntry.previous_hash", "AuditEntry.hash", "AuditLaneHead.hash",
        "ListAuditEntriesResponse.next_page_token", "ExportAuditTrailResponse.resume_token", "VerifyAuditTrailResponse.reason",
        "TriageResult.language",
        "ConversationMessage.message_id", "ConversationMessage.network_message_id", "ConversationMessage.in_reply_to_id",
        "ConversationMessage.agent_id", "ConversationMessage.acted_by", "ConversationMessage.corrects_message_id", "ConversationMessage.retracts_message_id",
        "ReplyRetraction.retraction_message_id", "ReplyRetraction.requested_by", "ReplyApproval.decided_by",
        "Escalation.from_team_id", "Escalation.to_team_id", "Escalation.agent_id",
        "Conversation.name", "Conversation.tenant_id", "Conversation.conversation_id", "Conversation.team_id", "Conversation.assigned_agent_id",
        "Conversation.customer", "Conversation.awaiting_approval_message_id", "Conversation.group_id", "ConversationReference.conversation",
        "ListConversationMessagesResponse.next_page_token", "GuardrailFinding.suggestion",
        "Customer.name", "Customer.customer_id", "Customer.merged_into",
        "MessageDelivery.delivery_id", "MessageDelivery.network_message_id",
        "Delivery.name", "Delivery.delivery_id", "Delivery.conversation", "Delivery.message_id", "Delivery.account_id", "Delivery.in_reply_to_id",
        "Delivery.lease_owner", "Delivery.network_message_id", "Delivery.retracts_network_message_id",
        "IngestMentionResponse.conversation", "IngestMentionResponse.message_id", "IngestMentionResponse.customer",
        "IngestMentionsResponse.correlation_id", "IngestRejection.status", "IngestRejection.field",
        "ResolvedCase.conversation", "ResolvedCase.team_id",
        "QueueItem.conversation", "QueueItem.team_id", "QueueItem.assigned_agent_id",
        "ListQueueResponse.next_page_token", "WatchQueueResponse.shard",
        "Attachment.network_type", "Attachment.media_type", "Attachment.url", "Attachment.media_id",
        "CustomerChoice.payload", "ConversationMessage.reactions", "Referral.source", "Referral.type", "Referral.ad_id", "Referral.ref", "Referral.url", "Referral.headline",
        "Conversation.tags", "Conversation.policy_rules", "PriorityReason.source",
        "CarePolicy.name", "CarePolicy.saved_by", "PolicyRule.rule_id", "PolicyRule.description",
        "PolicyConditions.account_ids", "PolicyConditions.languages", "PolicyConditions.keywords", "PolicyConditions.exclusions",
        "PolicyActions.route_to_team", "PolicyActions.tags",
        "PolicyDecision.team_id", "PolicyDecision.tags", "PolicyDecision.matched_rules",
        "PolicyRuleVerdict.rule_id", "PolicyRuleVerdict.unmet");

    private static HashSet<string> Names(params string[] fields) => new(fields.Select(f => V1 + f), StringComparer.Ordinal);
}
