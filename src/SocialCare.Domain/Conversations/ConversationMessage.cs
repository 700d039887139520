using System.Globalization;
using SocialCare.Domain.Deliveries;
using SocialCare.Domain.Triage;

namespace SocialCare.Domain.Conversations;

/// <summary>One entry of a conversation's channel history: a customer message, a reply or a note.</summary>
[GenerateSerializer, Immutable]
public sealed record ConversationMessage(
    [property: Id(0)] string MessageId,
    [property: Id(1)] MessageKind Kind,
    [property: Id(2)] Visibility Visibility,
    [property: Id(3)] string Text,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset ReceivedAt)
{
    [Id(6)] public string? NetworkMessageId { get; init; }
    [Id(7)] public string? ThreadId { get; init; }
    /// <summary>The network message this one answers: for a reply, the customer's message it was written to.</summary>
    [Id(8)] public string? InReplyToId { get; init; }
    [Id(9)] public AuthorProfile? Author { get; init; }
    [Id(10)] public string? AgentId { get; init; }
    [Id(11)] public TriageResult? Triage { get; init; }
    /// <summary>The client's idempotency key for a reply, so a retried PostReply is stored once.</summary>
    [Id(12)] public string? RequestId { get; init; }
    /// <summary>For replies and notes a supervisor wrote for <see cref="AgentId"/>: the supervisor.</summary>
    [Id(13)] public string? ActedBy { get; init; }
    /// <summary>For replies: how far the reply got on its way to the customer's network.</summary>
    [Id(14)] public MessageDelivery? Delivery { get; init; }
    /// <summary>For replies that needed a supervisor: the approval (a reply waiting for one has no delivery yet).</summary>
    [Id(15)] public Approvals.ReplyApproval? Approval { get; init; }
    /// <summary>For a correction: the earlier reply it corrects.</summary>
    [Id(16)] public string? CorrectsMessageId { get; init; }
    /// <summary>For a retraction: the reply to take down, and its id on the network.</summary>
    [Id(17)] public string? RetractsMessageId { get; init; }
    [Id(18)] public string? RetractsNetworkMessageId { get; init; }
    /// <summary>For a published reply someone asked to take down.</summary>
    [Id(19)] public ReplyRetraction? Retraction { get; init; }
    /// <summary>For customer messages: what came with the words (see <see cref="Mention.Attachments"/>).</summary>
    [Id(20)] public IReadOnlyList<Attachment>? Attachments { get; init; }
    /// <summary>For customer messages: the option tapped.</summary>
    [Id(21)] public CustomerChoice? Choice { get; init; }
    /// <summary>For customer messages: the ad, link or post that brought the customer.</summary>
    [Id(22)] public Referral? Referral { get; init; }
    /// <summary>For an edited customer message: its earlier versions, oldest first.</summary>
    [Id(23)] public IReadOnlyList<MessageVersion>? EarlierVersions { get; init; }
    /// <summary>When the customer deleted it on the network; its words are gone from the desk since.</summary>
    [Id(24)] public DateTimeOffset? DeletedAt { get; init; }
    /// <summary>The customer's reactions to it, as they stand.</summary>
    [Id(25)] public IReadOnlyList<string>? Reactions { get; init; }
    /// <summary>For customer messages: another app held the thread when it came.</summary>
    [Id(26)] public bool Standby { get; init; }

    /// <summary>A message that goes out through the outbox: a reply, or a retraction of one.</summary>
    public bool IsOutbound => Kind is MessageKind.AgentReply or MessageKind.Retraction;

    /// <summary>The message's place in its conversation, counting from 1 (its id is that number).</summary>
    public int Sequence => int.Parse(MessageId, NumberStyles.None, CultureInfo.InvariantCulture);
}
