using Microsoft.Extensions.Logging;
using SocialCare.Domain.Sla;

namespace SocialCare.Grains.Hosting;

internal static partial class GrainLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Conversation {ConversationKey} opened on {Channel} for customer {CustomerId}, priority {Priority}")]
    public static partial void ConversationOpened(ILogger logger, string conversationKey, Domain.Conversations.Channel channel, string customerId, Domain.Triage.Priority priority);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Warning, Message = "Conversation {ConversationKey} is resolved but could not be added to the knowledge index; its next resolution adds it")]
    public static partial void KnowledgeNotRecorded(ILogger logger, Exception exception, string conversationKey);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Conversation {ConversationKey} breached its {Clock} SLA (due {DueAt:O})")]
    public static partial void SlaBreached(ILogger logger, string conversationKey, SlaClockKind clock, DateTimeOffset dueAt);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Tenant {TenantId} created")]
    public static partial void TenantCreated(ILogger logger, string tenantId);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Tenant {TenantId} updated to version {Version}")]
    public static partial void TenantUpdated(ILogger logger, string tenantId, long version);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Identity {AuthorKey} moved from customer {FromCustomerId} to {ToCustomerId}")]
    public static partial void IdentityMoved(ILogger logger, string authorKey, string fromCustomerId, string toCustomerId);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "API key {KeyId} of tenant {TenantId} created with roles {Roles} by {CreatedBy}")]
    public static partial void ApiKeyCreated(ILogger logger, string tenantId, string keyId, Domain.Access.CareRoles roles, string createdBy);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Information, Message = "API key {KeyId} of tenant {TenantId} revoked by {RevokedBy}")]
    public static partial void ApiKeyRevoked(ILogger logger, string tenantId, string keyId, string revokedBy);
}
