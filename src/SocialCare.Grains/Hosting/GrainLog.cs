using Microsoft.Extensions.Logging;
using SocialCare.Domain.Sla;

namespace SocialCare.Grains.Hosting;

internal static partial class GrainLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Conversation {ConversationKey} opened on {Channel} for customer {CustomerId}, priority {Priority}")]
    public static partial void ConversationOpened(ILogger logger, string conversationKey, Domain.Conversations.Channel channel, string customerId, Domain.Triage.Priority priority);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Warning, Message = "Conversation {ConversationKey} is resolved but could not be added to the knowledge index; its next resolution adds it")]
    public static partial void KnowledgeNotRecorded(ILogger logger, Exception exception, string conversationKey);

    // A breach is the desk's business (the queue's SLA_BREACHED change, the audit trail, the
    // socialcare.sla.breaches metric), not an operator's warning: a busy desk breaches thousands a
    // day, and one line each would bury what operators must see.
    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Conversation {ConversationKey} breached its {Clock} SLA (due {DueAt:O})")]
    public static partial void SlaBreached(ILogger logger, string conversationKey, SlaClockKind clock, DateTimeOffset dueAt);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Tenant {TenantId} created")]
    public static partial void TenantCreated(ILogger logger, string tenantId);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Tenant {TenantId} updated to version {Version}")]
    public static partial void TenantUpdated(ILogger logger, string tenantId, long version);

    // Logged, not audited: the tenant's own trail is erased with it, so the operator's record of
    // a deletion is the deployment's log.
    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "Tenant {TenantId} is being deleted by {CallerId}: it answers as unknown from now on")]
    public static partial void TenantDeletionBegun(ILogger logger, string tenantId, string callerId);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "Tenant {TenantId} deleted: {Removed}")]
    public static partial void TenantDeleted(ILogger logger, string tenantId, string removed);

    // Without the identity itself: a network user id is the customer's personal data, and logs
    // are read by more people, and kept longer, than the audit trail that records the move.
    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "An identity moved from customer {FromCustomerId} to {ToCustomerId}")]
    public static partial void IdentityMoved(ILogger logger, string fromCustomerId, string toCustomerId);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "API key {KeyId} of tenant {TenantId} created with roles {Roles} by {CreatedBy}")]
    public static partial void ApiKeyCreated(ILogger logger, string tenantId, string keyId, Domain.Access.CareRoles roles, string createdBy);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Information, Message = "API key {KeyId} of tenant {TenantId} revoked by {RevokedBy}")]
    public static partial void ApiKeyRevoked(ILogger logger, string tenantId, string keyId, string revokedBy);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Tenant {TenantId}'s {Task} model version {Version} is not in the store: its messages are triaged by the default model")]
    public static partial void TriageModelMissing(ILogger logger, string tenantId, string task, int version);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "Tenant {TenantId}'s {Task} model version {Version} could not be loaded: its messages are triaged by the default model until it can")]
    public static partial void TriageModelUnavailable(ILogger logger, Exception exception, string tenantId, string task, int version);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Warning, Message = "Triage by the {Classifier} failed for a message of tenant {TenantId} ({Count} failures on this silo so far): the message is stored with what could be read")]
    public static partial void TriageFailed(ILogger logger, Exception exception, string tenantId, string classifier, long count);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "Activation {GrainId} ran out of memory during a call and was dropped ({Count} on this silo so far); its next call activates it from its journal")]
    public static partial void ActivationDroppedForMemory(ILogger logger, Exception exception, string grainId, long count);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Information, Message = "Tenant {TenantId} trained {Task} model version {Version} on {Rows} rows (cross-validated macro-F1 {MacroF1})")]
    public static partial void TriageModelTrained(ILogger logger, string tenantId, string task, int version, int rows, double macroF1);
}
