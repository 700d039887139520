using SocialCare.Domain.Conversations;

namespace SocialCare.Grains.Conversations;

/// <summary>
/// What a conversation did with a customer's message. A <see cref="InboundDisposition.Duplicate"/>
/// carries the message as first stored; <see cref="StoredIn"/> names its conversation when that is
/// another one (the network delivered it again long after, and the journal knew it).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record InboundReceipt(
    [property: Id(0)] InboundDisposition Disposition,
    [property: Id(1)] ConversationMessage? Message,
    [property: Id(2)] string? StoredIn = null);
