namespace SocialCare.Domain.Audit;

/// <summary>The names of the actions the trail records, as filters and exports show them.</summary>
public static class AuditActions
{
    public const string MessageReceived = "message.received";
    /// <summary>The customer edited a message on the network; the detail names it, never its words.</summary>
    public const string MessageEdited = "message.edited";
    /// <summary>The customer deleted a message on the network; its words left the desk.</summary>
    public const string MessageDeleted = "message.deleted";
    /// <summary>The customer reacted to a message, or took a reaction back.</summary>
    public const string MessageReacted = "message.reacted";
    public const string ConversationOpened = "conversation.opened";
    public const string ConversationReopenedByCustomer = "conversation.reopened_by_customer";
    public const string Replied = "conversation.replied";
    /// <summary>A reply the tenant's guardrails refused: the detail names what was found, never the reply's words.</summary>
    public const string ReplyBlocked = "reply.blocked";
    public const string NoteAdded = "conversation.note_added";
    public const string Claimed = "conversation.claimed";
    public const string Assigned = "conversation.assigned";
    public const string Released = "conversation.released";
    public const string Escalated = "conversation.escalated";
    public const string Resolved = "conversation.resolved";
    public const string Reopened = "conversation.reopened";

    /// <summary>An identity was linked to another customer and took its conversations along; the detail names both customers.</summary>
    public const string CustomerChanged = "conversation.customer_changed";
    /// <summary>A sender reported a reply published; the detail has the network's message id.</summary>
    public const string ReplyDelivered = "reply.delivered";

    /// <summary>A reply was given up (refused for good, or out of retries); the detail says why.</summary>
    public const string ReplyUndelivered = "reply.undelivered";
    public const string ApprovalRequested = "reply.approval_requested";
    public const string ReplyApproved = "reply.approved";
    public const string ReplyRejected = "reply.rejected";
    public const string ApprovalEscalated = "reply.approval_escalated";
    public const string RetractionRequested = "reply.retraction_requested";
    public const string Retracted = "reply.retracted";
    public const string RetractionFailed = "reply.retraction_failed";
    public const string SavedReplyCreated = "saved_reply.created";
    public const string SavedReplyUpdated = "saved_reply.updated";
    public const string SavedReplyDeleted = "saved_reply.deleted";
    public const string TriageCorrected = "triage.corrected";
    public const string TriageModelTrained = "triage_model.trained";
    public const string TriageModelActivated = "triage_model.activated";
    public const string TriageModelRolledBack = "triage_model.rolled_back";
    public const string TenantCreated = "tenant.created";
    public const string TenantUpdated = "tenant.updated";
    public const string CarePolicySaved = "care_policy.saved";
    public const string ApiKeyCreated = "api_key.created";
    public const string ApiKeyRevoked = "api_key.revoked";

    /// <summary>A call refused for its caller's identity, role, team or tenant: who tried what.</summary>
    public const string Denied = "access.denied";

    /// <summary>Retention removed a tenant's oldest entries; the detail says through which entry, and that entry's hash.</summary>
    public const string RetentionCut = "audit.retention_cut";
}
