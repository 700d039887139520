using SocialCare.Domain.Conversations;

namespace SocialCare.Grains.Journal;

/// <summary>
/// What makes a customer's message the same message when the network delivers it again: the
/// tenant, the channel, the brand account it reached and the network's id for it. The journal
/// stores each key once (<see cref="JournalWrite.Received"/>).
/// </summary>
public sealed record NetworkMessageKey(string TenantId, Channel Channel, string AccountId, string NetworkMessageId)
{
    public static NetworkMessageKey Of(Mention mention)
    {
        ArgumentNullException.ThrowIfNull(mention);
        return new(mention.TenantId, mention.Channel, mention.AccountId, mention.NetworkMessageId);
    }
}

/// <summary>Where a message is stored: its conversation and its place in it.</summary>
public sealed record StoredPlace(string ConversationKey, int Sequence);

/// <summary>A customer's message a write stores: its network key and its place in the conversation.</summary>
public sealed record ReceivedMessage(NetworkMessageKey Key, int Sequence);

/// <summary>
/// A write refused because one of its customer messages is already stored elsewhere (another
/// conversation, or another place in this one): nothing of the write was stored.
/// </summary>
public sealed class NetworkMessageStoredException : Exception
{
    public NetworkMessageStoredException(NetworkMessageKey key, string conversationKey, int sequence, Exception? inner = null)
        : base($"Network message {key.NetworkMessageId} on {key.Channel} is already stored as message {sequence} of {conversationKey}.", inner)
    {
        Key = key;
        ConversationKey = conversationKey;
        Sequence = sequence;
    }

    public NetworkMessageKey Key { get; }

    /// <summary>The conversation that holds the message.</summary>
    public string ConversationKey { get; }

    /// <summary>The message's place in that conversation.</summary>
    public int Sequence { get; }
}
