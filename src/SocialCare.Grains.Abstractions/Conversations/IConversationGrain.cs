using SocialCare.Domain.Access;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Deliveries;
using SocialCare.Domain.Triage;

namespace SocialCare.Grains.Abstractions.Conversations;

/// <summary>
/// One customer conversation, keyed "{tenant}/{conversation}". The single writer of its state:
/// every change goes through here and is stored before the call returns.
/// </summary>
public interface IConversationGrain : IGrainWithStringKey
{
    /// <summary>
    /// Opens the conversation with its first message (<see cref="ConversationOutcome.Changed"/>).
    /// If it is already open with that message (a retried open, or a redelivery of it), or the
    /// message is stored in another conversation, it answers <see cref="ConversationOutcome.Duplicate"/>.
    /// No view (an intake command).
    /// </summary>
    Task<ConversationResult> OpenAsync(ConversationOpening opening);

    /// <summary>A further customer message: Changed (joined), Reopened, Duplicate or Refused (it belongs elsewhere). No view.</summary>
    /// <param name="policy">The care policy's decision for the message (its priority already in <paramref name="triage"/>); null when none ran.</param>
    Task<ConversationResult> AcceptInboundAsync(Mention mention, TriageResult triage, Domain.Policies.PolicyDecision? policy);

    /// <summary>
    /// Applies a network's change to the message with its network id (a customer's message, or a
    /// reply as the network numbered it); <paramref name="sequence"/> is where the journal says a
    /// customer's message is, for one older than the recent messages.
    /// </summary>
    /// <returns>Changed, Unchanged (a redelivered change) or UnknownMessage; no view.</returns>
    Task<ConversationResult> ApplyNetworkChangeAsync(MessageChange change, int? sequence);

    /// <summary>Fails with NotFound if the conversation was never opened.</summary>
    Task<ConversationView> GetAsync();

    /// <summary>The team the conversation is with, without copying the conversation: what a team-limited caller's reads check. NotFound if never opened.</summary>
    Task<string> GetTeamAsync();

    /// <summary>
    /// The history after message number <paramref name="afterSequence"/>, oldest first. The
    /// conversation itself holds only its recent messages; older pages come from the journal.
    /// </summary>
    Task<IReadOnlyList<ConversationMessage>> ListMessagesAsync(int afterSequence, int take);

    Task<ConversationResult> ClaimAsync(CareActor actor);

    /// <summary>A supervisor hands the conversation to <paramref name="assigneeId"/>, whoever owns it.</summary>
    Task<ConversationResult> AssignAsync(CareActor supervisor, string assigneeId);

    /// <summary>Hands the conversation back to its team's queue unclaimed: the owner's own, or anyone's with <see cref="ReleaseScope.Anyone"/>.</summary>
    Task<ConversationResult> ReleaseAsync(CareActor actor, ReleaseScope scope);

    Task<ConversationResult> ReplyAsync(ReplyDraft command);

    /// <summary>A supervisor approves the reply waiting for approval (by its message number): it goes to the outbox.</summary>
    Task<ConversationResult> ApproveReplyAsync(CareActor supervisor, int messageSequence);

    /// <summary>A supervisor rejects the waiting reply with a reason: never sent, the conversation back with its author.</summary>
    Task<ConversationResult> RejectReplyAsync(CareActor supervisor, int messageSequence, string reason);

    /// <summary>Asks the connector to take a published reply (by its message number) off the network; the reply stays in the history.</summary>
    Task<ConversationResult> RequestRetractionAsync(CareActor actor, int messageSequence, string reason);

    Task<ConversationResult> AddNoteAsync(CareActor actor, string text);

    /// <summary>An agent's correction of customer message <paramref name="messageSequence"/>'s triage, stored as a label for the brand's next training.</summary>
    Task<ConversationResult> CorrectTriageAsync(CareActor actor, int messageSequence, Domain.Triage.Category? category, Domain.Triage.Sentiment? sentiment);

    Task<ConversationResult> EscalateAsync(CareActor actor, string teamId, string note);

    Task<ConversationResult> ResolveAsync(CareActor actor, string? note);

    Task<ConversationResult> ReopenAsync(CareActor actor, string? note);

    /// <summary>
    /// Applies a sender's report to the reply whose delivery it names (see
    /// <see cref="Conversation.RecordDelivery"/>): Changed, Undelivered (failed for good), or
    /// Unchanged (a repeated report); the message is the reply as it now stands. No view.
    /// </summary>
    Task<ConversationResult> RecordDeliveryAsync(DeliveryReport report);

    /// <summary>Re-evaluates the SLA clocks now; what the SLA deadline sweeper calls. Harmless when early, late or repeated.</summary>
    Task CheckSlaAsync();

    /// <summary>Moves the conversation to another customer (identities were joined).</summary>
    Task<ConversationResult> ChangeCustomerAsync(string customerId);
}
