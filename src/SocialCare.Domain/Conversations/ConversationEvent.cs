using SocialCare.Domain.Access;
using SocialCare.Domain.Deliveries;
using SocialCare.Domain.Sla;
using SocialCare.Domain.Triage;

namespace SocialCare.Domain.Conversations;

/// <summary>
/// What happened to a conversation in one change, in the order it happened. The conversation
/// records these as its rules decide (<see cref="Conversation.TakeChanges"/>); its host turns each
/// into what follows from it (the trail's entry, the queue's notice, an outbox row, a metric) in
/// one place, so no command chooses those for itself.
/// </summary>
public abstract record ConversationEvent
{
    private ConversationEvent()
    {
    }

    /// <summary>A customer's first message opened the conversation.</summary>
    public sealed record Opened(Mention Mention, ConversationMessage Message) : ConversationEvent;

    /// <summary>A customer wrote again: into the open conversation, or reopening a resolved one.</summary>
    public sealed record CustomerWrote(Mention Mention, ConversationMessage Message, bool Reopens) : ConversationEvent;

    /// <summary>The network said a message was edited, deleted or reacted to.</summary>
    /// <param name="Message">The message as it was before the change.</param>
    /// <param name="PreviewChanged">Whether the queue's preview of the customer's words changed with it.</param>
    public sealed record NetworkChanged(MessageChange Change, ConversationMessage Message, bool PreviewChanged) : ConversationEvent;

    public sealed record Claimed(CareActor Agent) : ConversationEvent;

    public sealed record Assigned(CareActor Supervisor, string AssigneeId) : ConversationEvent;

    /// <summary>The conversation went back to its team's queue unclaimed.</summary>
    public sealed record Released(CareActor Actor, string FromAgentId) : ConversationEvent;

    /// <param name="FirstResponse">How long the customer waited, when this reply answered the cycle first.</param>
    public sealed record Replied(CareActor Agent, ConversationMessage Reply, TimeSpan? FirstResponse) : ConversationEvent
    {
        /// <summary>The brand's saved reply it was written from, if any (its use is counted).</summary>
        public string? SavedReplyId { get; init; }
    }

    public sealed record ApprovalRequested(CareActor Agent, ConversationMessage Reply) : ConversationEvent;

    /// <param name="FirstResponse">How long the customer waited, when this reply answered the cycle first.</param>
    public sealed record ReplyApproved(CareActor Supervisor, ConversationMessage Reply, TimeSpan? FirstResponse) : ConversationEvent;

    public sealed record ReplyRejected(CareActor Supervisor, ConversationMessage Reply) : ConversationEvent;

    /// <summary>A reply waited for approval past the policy's limit.</summary>
    public sealed record ApprovalEscalated(int MessageSequence) : ConversationEvent;

    public sealed record RetractionRequested(CareActor Agent, ConversationMessage Retraction) : ConversationEvent;

    /// <param name="Said">The triage the message had before.</param>
    public sealed record TriageCorrected(CareActor Agent, ConversationMessage Message, TriageResult Said, Category? Category, Sentiment? Sentiment) : ConversationEvent;

    public sealed record NoteAdded(CareActor Agent, ConversationMessage Note) : ConversationEvent;

    public sealed record Escalated(CareActor Agent, string FromTeamId, string ToTeamId) : ConversationEvent;

    public sealed record Resolved(CareActor Agent) : ConversationEvent;

    /// <summary>An agent reopened the resolved conversation.</summary>
    public sealed record Reopened(CareActor Agent) : ConversationEvent;

    public sealed record SlaBreached(SlaBreach Breach) : ConversationEvent;

    /// <summary>A sender's report moved a reply's (or a retraction's) delivery on.</summary>
    /// <param name="Message">The reply or retraction as it now stands.</param>
    /// <param name="WasResolved">Whether the conversation was resolved before the report (an undelivered reply reopens it).</param>
    public sealed record DeliveryReported(ConversationMessage Message, DeliveryOutcome Outcome, DeliverySettlement Settlement, bool WasResolved) : ConversationEvent;

    /// <summary>The conversation now belongs to another customer (identities joined or split).</summary>
    public sealed record CustomerChanged(string FromCustomerId, string ToCustomerId) : ConversationEvent;
}

/// <summary>Whose claimed conversations a caller may hand back to the queue.</summary>
public enum ReleaseScope
{
    /// <summary>Its own only (an agent).</summary>
    Own = 1,

    /// <summary>Anyone's (a supervisor).</summary>
    Anyone = 2,
}
