using SocialCare.Domain.Audit;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Deliveries;

namespace SocialCare.Grains.Journal;

/// <summary>
/// One conversation change for the journal: the messages it appended, where the conversation
/// now stands in the queues (<see langword="null"/> once it is resolved and leaves them), and
/// the conversation's own state after the change, the trail's entries for it, and the outbox rows
/// of its replies (new, or settled by a sender's report), all stored together or not at all.
/// <see cref="Received"/> names the customer messages among <see cref="NewMessages"/> by their
/// network keys: a key already stored at another place refuses the whole write with
/// <see cref="NetworkMessageStoredException"/>, so a redelivery is never stored twice, however late.
/// </summary>
public sealed record JournalWrite(
    string ConversationKey,
    IReadOnlyList<ConversationMessage> NewMessages,
    QueueEntry? Queue,
    ConversationSnapshot? State = null,
    IReadOnlyList<AuditEntry>? Audit = null,
    IReadOnlyList<Delivery>? Deliveries = null,
    IReadOnlyList<ReceivedMessage>? Received = null);

/// <summary>
/// A conversation's serialised state and the version it replaces (0 for a conversation never
/// stored). A write over any other version is refused with
/// <see cref="Orleans.Storage.InconsistentStateException"/>: a second activation wrote first.
/// </summary>
public sealed record ConversationSnapshot(byte[] State, long ExpectedVersion);

/// <summary>A stored state row (a conversation's, or a grain's) and its version.</summary>
public sealed record StoredState(byte[] State, long Version);
