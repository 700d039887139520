namespace SocialCare.Domain.Conversations;

/// <summary>Where a request to take a published reply off the network stands.</summary>
public enum RetractionState
{
    /// <summary>Recorded; the connector has been asked to delete the post.</summary>
    Requested = 1,

    /// <summary>The network removed it.</summary>
    Retracted = 2,

    /// <summary>The network could not or would not remove it: it is still public.</summary>
    Failed = 3,
}

/// <summary>
/// A published reply's retraction, as the reply carries it. The reply itself stays in the history
/// and the trail whatever happens: public content cannot be unsaid, only followed by a correction
/// or taken down where the network allows it.
/// </summary>
/// <param name="RetractionMessageId">The history entry that asked for it (its delivery is the connector's task).</param>
[GenerateSerializer, Immutable]
public sealed record ReplyRetraction(
    [property: Id(0)] RetractionState State,
    [property: Id(1)] string RetractionMessageId,
    [property: Id(2)] string RequestedBy,
    [property: Id(3)] DateTimeOffset RequestedAt);
