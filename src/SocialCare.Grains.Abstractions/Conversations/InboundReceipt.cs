using SocialCare.Domain.Conversations;

namespace SocialCare.Grains.Conversations;

[GenerateSerializer, Immutable]
public sealed record InboundReceipt(
    [property: Id(0)] InboundDisposition Disposition,
    [property: Id(1)] ConversationMessage? Message);
