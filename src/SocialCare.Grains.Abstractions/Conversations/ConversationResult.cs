using SocialCare.Domain.Conversations;
using SocialCare.Domain.Guardrails;

namespace SocialCare.Grains.Abstractions.Conversations;

/// <summary>What a conversation command did, in one word.</summary>
public enum ConversationOutcome
{
    /// <summary>The command changed the conversation (a message joined it, a reply was stored, a report moved a delivery on, ...).</summary>
    Changed = 1,

    /// <summary>It already was so: claimed by that agent, resolved, released; a repeated report or network change; a reply retried with its request id.</summary>
    Unchanged = 2,

    /// <summary>The customer's message reopened the resolved conversation.</summary>
    Reopened = 3,

    /// <summary>The customer's message was stored before: the result's message is it as first stored.</summary>
    Duplicate = 4,

    /// <summary>The customer's message belongs in another conversation (another brand account, or resolved past the reopen window).</summary>
    Refused = 5,

    /// <summary>The sender's report failed the delivery for good: the conversation is back with the reply's author.</summary>
    Undelivered = 6,

    /// <summary>The network's change names no message of this conversation.</summary>
    UnknownMessage = 7,
}

/// <summary>
/// What every conversation command answers: its outcome, the message it wrote or concerned, and
/// for the desk's commands the conversation as it now stands. The intake's commands (a
/// customer's message, a network's change, a sender's report) leave the view out: their callers
/// need only the outcome and the message, and the mention path then builds and ships no snapshot.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ConversationResult(
    [property: Id(0)] ConversationOutcome Outcome,
    [property: Id(1)] ConversationMessage? Message = null,
    [property: Id(2)] ConversationView? Conversation = null)
{
    /// <summary>For a reply: what the tenant's guardrails flagged without blocking it.</summary>
    [Id(3)] public IReadOnlyList<GuardrailFinding> Warnings { get; init; } = [];

    /// <summary>For a duplicate first stored in another of the author's conversations: that conversation's id.</summary>
    [Id(4)] public string? StoredIn { get; init; }

    /// <summary>The conversation as it now stands; the desk's commands always answer it.</summary>
    public ConversationView View => Conversation ?? throw new InvalidOperationException($"A {Outcome} result of an intake command carries no conversation view.");
}
