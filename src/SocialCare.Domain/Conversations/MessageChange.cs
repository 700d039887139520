namespace SocialCare.Domain.Conversations;

/// <summary>What a network says happened to a message already sent: none of these is a new message.</summary>
public enum MessageChangeKind
{
    /// <summary>The customer edited their message: the new words replace the old, which are kept as an earlier version.</summary>
    Edited = 1,

    /// <summary>
    /// The customer deleted or unsent it: its words and attachments are removed from the desk
    /// (the networks' terms ask that deletions be honoured); that it existed, who sent it and when
    /// stay, and the trail records the deletion.
    /// </summary>
    Deleted = 2,

    /// <summary>The customer reacted to a message (theirs or the brand's reply).</summary>
    Reacted = 3,

    /// <summary>The customer took a reaction back.</summary>
    Unreacted = 4,
}

/// <summary>
/// A change to a message already sent, as a network reports it: the message is named by its
/// network id (a customer's message, or the brand's reply as the network numbered it).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record MessageChange(
    [property: Id(0)] MessageChangeKind Kind,
    [property: Id(1)] string AccountId,
    [property: Id(2)] string NetworkMessageId,
    [property: Id(3)] DateTimeOffset? At)
{
    /// <summary>For <see cref="MessageChangeKind.Edited"/>: the message's new words.</summary>
    [Id(4)] public string? Text { get; init; }

    /// <summary>For reactions: the emoji or the network's name of it; null on an unreaction that does not say which.</summary>
    [Id(5)] public string? Reaction { get; init; }
}

/// <summary>An earlier version of an edited message.</summary>
[GenerateSerializer, Immutable]
public sealed record MessageVersion([property: Id(0)] string Text, [property: Id(1)] DateTimeOffset ReplacedAt);
