using SocialCare.Domain.Triage;

namespace SocialCare.Grains.Conversations;

/// <summary>What became of an ingested mention.</summary>
[GenerateSerializer, Immutable]
public sealed record IngestReceipt(
    [property: Id(0)] string ConversationId,
    [property: Id(1)] string CustomerId,
    [property: Id(2)] string MessageId,
    [property: Id(3)] TriageResult Triage,
    [property: Id(4)] bool Duplicate,
    [property: Id(5)] bool NewConversation,
    [property: Id(6)] bool Reopened);
