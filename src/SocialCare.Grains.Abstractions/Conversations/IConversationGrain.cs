using SocialCare.Domain.Access;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Customers;
using SocialCare.Domain.Deliveries;
using SocialCare.Domain.Triage;

namespace SocialCare.Grains.Conversations;

/// <summary>
/// One customer conversation, keyed "{tenant}/{conversation}". The single writer of its state:
/// every change goes through here and is stored before the call returns.
/// </summary>
public interface IConversationGrain : IGrainWithStringKey
{
    /// <summary>
    /// Opens the conversation with its first message (<see cref="InboundDisposition.Appended"/>).
    /// If it is already open with that message (a retried open, or a redelivery of it), or the
    /// message is stored in another conversation, it answers <see cref="InboundDisposition.Duplicate"/>.
    /// </summary>
    Task<InboundReceipt> OpenAsync(ConversationOpening opening);

    Task<InboundReceipt> AcceptInboundAsync(Mention mention, TriageResult triage);

    /// <summary>
    /// Applies a network's change to the message with its network id (a customer's message, or a
    /// reply as the network numbered it); <paramref name="sequence"/> is where the journal says a
    /// customer's message is, for one older than the recent messages.
    /// </summary>
    Task<MessageChangeOutcome> ApplyNetworkChangeAsync(MessageChange change, int? sequence);

    /// <summary>Fails with NotFound if the conversation was never opened.</summary>
    Task<ConversationView> GetAsync();

    /// <summary>The team the conversation is with, without copying the conversation: what a team-limited caller's reads check. NotFound if never opened.</summary>
    Task<string> GetTeamAsync();

    /// <summary>
    /// The history after message number <paramref name="afterSequence"/>, oldest first. The
    /// conversation itself holds only its recent messages; older pages come from the journal.
    /// </summary>
    Task<IReadOnlyList<ConversationMessage>> ListMessagesAsync(int afterSequence, int take);

    Task<ConversationView> ClaimAsync(CareActor actor);

    /// <summary>A supervisor hands the conversation to <paramref name="assigneeId"/>, whoever owns it.</summary>
    Task<ConversationView> AssignAsync(CareActor supervisor, string assigneeId);

    /// <summary>Hands the conversation back to its team's queue unclaimed: the owner's own, or anyone's with <see cref="ReleaseScope.Anyone"/>.</summary>
    Task<ConversationView> ReleaseAsync(CareActor actor, ReleaseScope scope);

    Task<ConversationChange> ReplyAsync(ReplyDraft command);

    /// <summary>A supervisor approves the reply waiting for approval (by its message number): it goes to the outbox.</summary>
    Task<ConversationChange> ApproveReplyAsync(CareActor supervisor, int messageSequence);

    /// <summary>A supervisor rejects the waiting reply with a reason: never sent, the conversation back with its author.</summary>
    Task<ConversationChange> RejectReplyAsync(CareActor supervisor, int messageSequence, string reason);

    /// <summary>Asks the connector to take a published reply (by its message number) off the network; the reply stays in the history.</summary>
    Task<ConversationChange> RequestRetractionAsync(CareActor actor, int messageSequence, string reason);

    Task<ConversationChange> AddNoteAsync(CareActor actor, string text);

    /// <summary>An agent's correction of customer message <paramref name="messageSequence"/>'s triage, stored as a label for the brand's next training.</summary>
    Task<ConversationChange> CorrectTriageAsync(CareActor actor, int messageSequence, Domain.Triage.Category? category, Domain.Triage.Sentiment? sentiment);

    Task<ConversationView> EscalateAsync(CareActor actor, string teamId, string note);

    Task<ConversationView> ResolveAsync(CareActor actor, string? note);

    Task<ConversationView> ReopenAsync(CareActor actor, string? note);

    /// <summary>
    /// Applies a sender's report to the reply whose delivery it names (see
    /// <see cref="Conversation.RecordDelivery"/>); a repeated report changes nothing.
    /// </summary>
    Task<DeliveryChange> RecordDeliveryAsync(DeliveryReport report);

    /// <summary>Re-evaluates the SLA clocks now; what the SLA deadline sweeper calls. Harmless when early, late or repeated.</summary>
    Task CheckSlaAsync();

    /// <summary>Moves the conversation to another customer (identities were joined).</summary>
    Task<ConversationReference> ChangeCustomerAsync(string customerId);
}
