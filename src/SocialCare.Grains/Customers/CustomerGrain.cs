using Orleans.Runtime;
using SocialCare.Domain.Customers;
using SocialCare.Domain.Errors;
using SocialCare.Grains.Hosting;
using SocialCare.Grains.Abstractions;
using SocialCare.Grains.Abstractions.Customers;

namespace SocialCare.Grains.Customers;

internal sealed class CustomerGrain(
    [PersistentState("customer", CareStorage.Name)] IPersistentState<CustomerState> state) : Grain, ICustomerGrain
{
    public async Task AttachAsync(IReadOnlyList<CustomerIdentity> identities, IReadOnlyList<ConversationReference> conversations)
    {
        ArgumentNullException.ThrowIfNull(identities);
        ArgumentNullException.ThrowIfNull(conversations);
        foreach (var identity in identities)
        {
            state.State.Identities.RemoveAll(i => SameAccount(i, identity));
            state.State.Identities.Add(identity);
            state.State.MergedInto = null;
        }

        foreach (var conversation in conversations)
        {
            Upsert(conversation);
        }

        await SaveAsync();
    }

    public async Task DetachAsync(CustomerIdentity identity, IReadOnlyList<string> conversationIds, string movedToCustomerId)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(conversationIds);
        state.State.Identities.RemoveAll(i => SameAccount(i, identity));
        state.State.Conversations.RemoveAll(c => conversationIds.Contains(c.ConversationId));
        if (state.State.Identities.Count == 0)
        {
            state.State.MergedInto = movedToCustomerId;
        }

        await SaveAsync();
    }

    public async Task RecordConversationAsync(ConversationReference conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        Upsert(conversation);
        await SaveAsync();
    }

    public Task WakeAsync() => Task.CompletedTask;

    public Task<CustomerProfile> GetAsync()
    {
        var (tenantId, customerId) = GrainKeys.SplitTenantScoped(this.GetPrimaryKeyString());
        if (state.State.Identities.Count == 0 && state.State.MergedInto is null)
        {
            throw CareException.NotFound($"Customer \"{customerId}\" of tenant \"{tenantId}\"");
        }

        return Task.FromResult(new CustomerProfile(
            customerId,
            [.. state.State.Identities],
            [.. state.State.Conversations.OrderByDescending(c => c.OpenedAt)])
        {
            MergedInto = state.State.MergedInto,
        });
    }

    private void Upsert(ConversationReference conversation)
    {
        var index = state.State.Conversations.FindIndex(c => c.ConversationId == conversation.ConversationId);
        if (index >= 0)
        {
            state.State.Conversations[index] = conversation;
        }
        else
        {
            state.State.Conversations.Add(conversation);
        }
    }

    private static bool SameAccount(CustomerIdentity a, CustomerIdentity b) =>
        a.Channel == b.Channel && a.NetworkUserId == b.NetworkUserId;

    /// <summary>Stores the state, or drops the activation if that fails (see <see cref="StoredStateExtensions.WriteOrDropAsync"/>).</summary>
    private Task SaveAsync() => state.WriteOrDropAsync(DeactivateOnIdle);
}
