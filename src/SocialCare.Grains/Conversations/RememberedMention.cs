using SocialCare.Domain.Triage;

namespace SocialCare.Grains.Conversations;

/// <summary>A recently ingested network message, so a redelivery is answered without storing it again.</summary>
[GenerateSerializer, Immutable]
public sealed record RememberedMention(
    [property: Id(0)] string NetworkMessageId,
    [property: Id(1)] string ConversationId,
    [property: Id(2)] string MessageId,
    [property: Id(3)] TriageResult Triage);
