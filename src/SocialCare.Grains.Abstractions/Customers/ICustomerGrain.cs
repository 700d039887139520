using Orleans.Concurrency;
using SocialCare.Domain.Customers;

namespace SocialCare.Grains.Abstractions.Customers;

/// <summary>One person across channels, keyed "{tenant}/{customer}": their identities and conversations.</summary>
public interface ICustomerGrain : IGrainWithStringKey
{
    /// <summary>Adds identities and conversation references (new ones, or newer states of known ones).</summary>
    Task AttachAsync(IReadOnlyList<CustomerIdentity> identities, IReadOnlyList<ConversationReference> conversations);

    /// <summary>
    /// Removes an identity and the conversations that moved away with it to customer
    /// <paramref name="movedToCustomerId"/>; the last identity leaving makes this customer a pointer to that one.
    /// </summary>
    Task DetachAsync(CustomerIdentity identity, IReadOnlyList<string> conversationIds, string movedToCustomerId);

    /// <summary>Records a conversation's current state.</summary>
    Task RecordConversationAsync(ConversationReference conversation);

    /// <summary>
    /// Activates the customer (reading its stored record) without waiting for an answer, so a
    /// call that follows finds it ready: an opening wakes its new customer while the conversation
    /// is being stored, and the attach after it no longer waits for that read.
    /// </summary>
    [OneWay]
    Task WakeAsync();

    /// <summary>Fails with NotFound if no identity ever joined this customer; a merged customer answers with <see cref="CustomerProfile.MergedInto"/>.</summary>
    Task<CustomerProfile> GetAsync();
}
