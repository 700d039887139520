using SocialCare.Domain.Conversations;

namespace SocialCare.Grains.Journal;

/// <summary>
/// One conversation change for the journal: the messages it appended and where the conversation
/// now stands in the queues (<see langword="null"/> once it is resolved and leaves them).
/// </summary>
public sealed record JournalWrite(string ConversationKey, IReadOnlyList<ConversationMessage> NewMessages, QueueEntry? Queue);
