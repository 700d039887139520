using Google.Protobuf.WellKnownTypes;
using SocialCare.Api.Common;
using SocialCare.Domain.Queues;
using SocialCare.Grains.Abstractions.Queues;

namespace SocialCare.Api.Queues;

public static class QueueMapping
{
    public static Wire.QueueItem ToProto(this QueueItem item, string tenantId)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new Wire.QueueItem
        {
            Conversation = ResourceNames.Conversation(tenantId, item.ConversationId),
            TeamId = item.TeamId,
            Channel = item.Channel.ToProto(),
            State = item.Status.ToProto(),
            Priority = item.Priority.ToProto(),
            Category = item.Category.ToProto(),
            AssignedAgentId = item.AssignedAgentId ?? "",
            AuthorHandle = item.AuthorHandle,
            Preview = item.Preview,
            OpenTime = Timestamp.FromDateTimeOffset(item.OpenedAt),
            NextDueTime = item.NextDueAt is { } due ? Timestamp.FromDateTimeOffset(due) : null,
            SlaBreached = item.SlaBreached,
            UpdateTime = Timestamp.FromDateTimeOffset(item.UpdatedAt),
            MessageCount = item.MessageCount,
            ReplyUndelivered = item.ReplyUndelivered,
            AwaitingApproval = item.AwaitingApproval,
            ApprovalEscalated = item.ApprovalEscalated,
        };
    }

    public static Wire.WatchQueueResponse ToProto(this QueueChange change, string tenantId)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new Wire.WatchQueueResponse
        {
            Type = change.Kind switch
            {
                QueueChangeKind.Added => Wire.QueueEventType.Added,
                QueueChangeKind.Removed => Wire.QueueEventType.Removed,
                _ => Wire.QueueEventType.Updated,
            },
            Reason = (Wire.QueueChangeReason)(int)change.Reason,
            Item = change.Item.ToProto(tenantId),
            Shard = change.Shard,
            Sequence = change.Sequence,
            EventTime = Timestamp.FromDateTimeOffset(change.At),
        };
    }
}
