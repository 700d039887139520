using SocialCare.Domain.Triage;

namespace SocialCare.Grains.Abstractions.Conversations;

/// <summary>What an ingested mention became.</summary>
public enum IngestOutcome
{
    /// <summary>A follow-up: added to the author's open conversation.</summary>
    Joined = 1,

    /// <summary>The first message of a new conversation.</summary>
    Opened = 2,

    /// <summary>Added to a conversation resolved moments ago, which it reopened.</summary>
    Reopened = 3,

    /// <summary>Already stored (a network's redelivery, a connector's retry): nothing changed.</summary>
    Duplicate = 4,
}

/// <summary>What became of an ingested mention.</summary>
[GenerateSerializer, Immutable]
public sealed record IngestReceipt(
    [property: Id(0)] string ConversationId,
    [property: Id(1)] string CustomerId,
    [property: Id(2)] string MessageId,
    [property: Id(3)] TriageResult Triage,
    [property: Id(4)] IngestOutcome Outcome)
{
    public bool Duplicate => Outcome == IngestOutcome.Duplicate;

    public bool NewConversation => Outcome == IngestOutcome.Opened;

    public bool Reopened => Outcome == IngestOutcome.Reopened;
}
