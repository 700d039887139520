using Google.Protobuf.WellKnownTypes;
using SocialCare.Api.Common;
using SocialCare.Domain.Deliveries;
using SocialCare.Domain.Errors;

namespace SocialCare.Api.Deliveries;

public static class DeliveryMapping
{
    public static Wire.MessageDelivery ToProto(this MessageDelivery d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new Wire.MessageDelivery
        {
            DeliveryId = d.DeliveryId,
            State = d.State.ToProto(),
            FailedAttempts = d.FailedAttempts,
            NetworkMessageId = d.NetworkMessageId ?? "",
            SentTime = Optional(d.SentAt),
            LastError = d.LastError ?? "",
            NextAttemptTime = Optional(d.NextAttemptAt),
        };
    }

    public static Wire.Delivery ToProto(this Delivery d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new Wire.Delivery
        {
            Name = ResourceNames.Delivery(d.TenantId, d.DeliveryId),
            DeliveryId = d.DeliveryId,
            Conversation = ResourceNames.Conversation(d.TenantId, d.ConversationId),
            MessageId = d.MessageSequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Channel = d.Channel.ToProto(),
            AccountId = d.AccountId,
            Visibility = d.Visibility.ToProto(),
            InReplyToId = d.InReplyToId ?? "",
            RecipientId = d.RecipientId ?? "",
            Text = d.Text,
            State = d.State.ToProto(),
            FailedAttempts = d.FailedAttempts,
            DueTime = Optional(d.DueAt),
            CreateTime = Timestamp.FromDateTimeOffset(d.CreatedAt),
            LeaseOwner = d.LeaseOwner ?? "",
            Leases = d.Leases,
            NetworkMessageId = d.NetworkMessageId ?? "",
            SentTime = Optional(d.SentAt),
            LastError = d.LastError ?? "",
            AnswersPrivateMessage = d.AnswersPrivateMessage,
            RetractsNetworkMessageId = d.Retracts ?? "",
        };
    }

    public static Wire.DeliveryState ToProto(this DeliveryState state) => (Wire.DeliveryState)(int)state;

    public static DeliveryOutcome ToDomain(this Wire.DeliveryOutcome outcome, string field) =>
        outcome == Wire.DeliveryOutcome.Unspecified || !System.Enum.IsDefined(outcome)
            ? throw CareException.Invalid(field, $"must be SENT, RETRYABLE, REJECTED, RATE_LIMITED or UNDELIVERED (got {(int)outcome}).")
            : (DeliveryOutcome)(int)outcome;

    /// <summary>A sender's report from the wire; the rules on its content (a sent report's network id, the reason's length) are the conversation's.</summary>
    public static DeliveryReport ToDomain(this Wire.ReportDeliveryRequest request, string deliveryId)
    {
        ArgumentNullException.ThrowIfNull(request);
        TimeSpan? retryAfter = null;
        if (request.RetryAfter is { } wait)
        {
            retryAfter = wait.Seconds < 0 || wait.Nanos < 0 || wait.Seconds > TimeSpan.FromDays(1).TotalSeconds
                ? throw CareException.Invalid("retry_after", "must be between 0 and 1 day.")
                : wait.ToTimeSpan();
        }

        return new DeliveryReport(
            deliveryId,
            request.Outcome.ToDomain("outcome"),
            ProtoFields.NullIfEmpty(request.NetworkMessageId),
            ProtoFields.NullIfEmpty(request.Reason),
            retryAfter,
            request.SentTime?.ToDomain("sent_time"));
    }

    private static Timestamp? Optional(DateTimeOffset? at) => at is { } value ? Timestamp.FromDateTimeOffset(value) : null;
}
