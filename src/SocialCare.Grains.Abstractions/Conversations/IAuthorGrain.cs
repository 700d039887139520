using SocialCare.Domain.Conversations;

namespace SocialCare.Grains.Abstractions.Conversations;

/// <summary>
/// One author identity (tenant, channel, network user id): which customer it is and which of its
/// conversations is open. Every mention enters here, so one author's mentions are handled one at
/// a time and "join the open conversation or open a new one" has no race.
/// </summary>
public interface IAuthorGrain : IGrainWithStringKey
{
    Task<IngestReceipt> IngestAsync(Mention mention);

    /// <summary>
    /// Applies what the network says happened to a message this author sent or saw (an edit, a
    /// deletion, a reaction) to the conversation that holds it. Never a new message.
    /// </summary>
    Task<ConversationOutcome> ApplyNetworkChangeAsync(MessageChange change);

    /// <summary>Joins this identity, with its conversations, to another customer.</summary>
    Task MoveToCustomerAsync(string customerId);
}
