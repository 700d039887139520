using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Customers;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Policies;
using SocialCare.Domain.Triage;
using SocialCare.Grains.Customers;
using SocialCare.Grains.Abstractions.Customers;
using SocialCare.Grains.Hosting;
using SocialCare.Grains.Tenants;
using SocialCare.Grains.Triage;
using SocialCare.Grains.Abstractions;
using SocialCare.Grains.Abstractions.Hosting;
using SocialCare.Grains.Abstractions.Conversations;

namespace SocialCare.Grains.Conversations;

internal sealed class AuthorGrain(
    [PersistentState("author", CareStorage.Name)] IPersistentState<AuthorState> state,
    ITenantDirectory tenants,
    TenantTriage triage,
    Journal.IConversationStore store,
    IOptions<CareGrainOptions> options,
    CareMetrics metrics,
    [FromKeyedServices(CareClock.Key)] TimeProvider clock,
    ILogger<AuthorGrain> logger) : Grain, IAuthorGrain
{
    private AuthorState Stored => state.State;

    /// <summary>The grain's key, read once: Orleans builds a new string from the grain id on every call.</summary>
    private string Key => field ??= this.GetPrimaryKeyString();

    private string TenantId => field ??= GrainKeys.SplitAuthor(Key).TenantId;

    public async Task<IngestReceipt> IngestAsync(Mention mention)
    {
        ArgumentNullException.ThrowIfNull(mention);
        var remembered = Stored.Recent.FindLast(r => r.NetworkMessageId == mention.NetworkMessageId);
        if (remembered is not null && Stored.CustomerId is { } knownCustomer)
        {
            metrics.MentionIngested(mention.TenantId, mention.Channel, "duplicate");
            return new IngestReceipt(remembered.ConversationId, knownCustomer, remembered.MessageId, remembered.Triage, IngestOutcome.Duplicate);
        }

        var (storedCustomer, storedProfile) = (Stored.CustomerId, Stored.Profile);
        try
        {
            return await IngestNewAsync(mention);
        }
        catch
        {
            // Refused or failed: the author is as stored (a failed write of our own also drops the activation).
            (Stored.CustomerId, Stored.Profile) = (storedCustomer, storedProfile);
            throw;
        }
    }

    public async Task<ConversationOutcome> ApplyNetworkChangeAsync(MessageChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var (tenantId, channel, _) = GrainKeys.SplitAuthor(Key);
        // A message of the customer's own is where the journal stored it, however old; a reaction
        // to the brand's reply is in the conversation the customer is in now.
        if (Stored.Recent.FindLast(r => r.NetworkMessageId == change.NetworkMessageId) is { } remembered)
        {
            return (await Conversation(remembered.ConversationId).ApplyNetworkChangeAsync(change, int.Parse(remembered.MessageId, System.Globalization.CultureInfo.InvariantCulture))).Outcome;
        }

        if (await store.FindReceivedAsync(new Journal.NetworkMessageKey(tenantId, channel, change.AccountId, change.NetworkMessageId)) is { } stored)
        {
            return (await GrainFactory.GetCareGrain<IConversationGrain>(stored.ConversationKey).ApplyNetworkChangeAsync(change, stored.Sequence)).Outcome;
        }

        return CurrentFor(change.AccountId) is { } current
            ? (await Conversation(current).ApplyNetworkChangeAsync(change, null)).Outcome
            : ConversationOutcome.UnknownMessage;
    }

    /// <summary>
    /// The conversation a mention to <paramref name="accountId"/> is offered first: that account's;
    /// for a connector that names no account, the author's latest; otherwise the latest if no
    /// account claims it (stored before accounts counted), which refuses it if it is another
    /// account's (<see cref="Conversation.AcceptInbound"/>).
    /// </summary>
    private string? CurrentFor(string accountId) =>
        accountId.Length == 0 ? Stored.CurrentConversationId
        : Stored.CurrentByAccount.TryGetValue(accountId, out var current) ? current
        : Stored.CurrentConversationId is { } latest && !Stored.CurrentByAccount.ContainsValue(latest) ? latest
        : null;

    /// <summary>A mention this author has not sent before (as far as the recent ids tell): join, reopen or open.</summary>
    private async Task<IngestReceipt> IngestNewAsync(Mention mention)
    {
        var settings = await tenants.GetAsync(mention.TenantId);
        var result = await triage.ClassifyAsync(settings, mention.Readable, mention.Author);
        if (mention.KeywordMatch)
        {
            // A post about the brand rather than to it: taken only as the tenant's tracking rules
            // say, and as proactive work (the policy puts it at low priority) in the tracking team.
            var (taken, reason) = settings.Tracking.Judge(mention.Readable, mention.Language);
            if (!taken)
            {
                metrics.MentionIngested(mention.TenantId, mention.Channel, "not_tracked");
                throw CareException.Precondition($"Keyword mention {Echo.Quote(mention.NetworkMessageId)} is not taken in: {reason} (see the tenant's tracking rules).");
            }

            result = result with { Reason = $"keyword mention, proactive; {result.Reason}" };
        }

        // The brand's care policy decides priority, team, tags and approval; a message that joins
        // a conversation is judged as a follow-up, one that opens one as an opening.
        var now = clock.GetUtcNow();
        var triaged = result;
        var customerId = Stored.CustomerId ?? DerivedId(Key);
        var startTeamId = settings.OpeningTeam(mention.KeywordMatch);
        PolicyDecision Decide(bool followUp) =>
            settings.Policy.Decide(PolicyFacts.Of(settings, mention, customerId, triaged, followUp, now), startTeamId);

        var newCustomer = Stored.CustomerId is null;
        var changed = newCustomer || Stored.Profile != mention.Author;
        Stored.CustomerId = customerId;
        Stored.Profile = mention.Author;

        IngestReceipt? receipt = null;
        if (CurrentFor(mention.AccountId) is { } currentId)
        {
            var followUp = Decide(followUp: true);
            var inbound = await Conversation(currentId).AcceptInboundAsync(mention, result with { Priority = followUp.Priority }, followUp);
            receipt = inbound.Outcome switch
            {
                ConversationOutcome.Changed => Receipt(currentId, inbound.Message!, IngestOutcome.Joined),
                ConversationOutcome.Reopened => Receipt(currentId, inbound.Message!, IngestOutcome.Reopened),
                ConversationOutcome.Duplicate => Receipt(inbound.StoredIn ?? currentId, inbound.Message!, IngestOutcome.Duplicate),
                _ => null,
            };
            if (receipt is not null && mention.AccountId.Length > 0 && Stored.CurrentByAccount.TryAdd(mention.AccountId, currentId))
            {
                // A conversation from before accounts counted took the message: it is this account's from now on.
                changed = true;
            }
        }

        if (receipt is null)
        {
            // Derived from the opening mention, so a retry after a crash between the conversation's
            // write and ours reaches the conversation already opened instead of opening a twin.
            var conversationId = DerivedId($"{Key}\n{mention.NetworkMessageId}");
            var decision = Decide(followUp: false);
            result = result with { Priority = decision.Priority };
            var opening = new ConversationOpening(Stored.CustomerId, decision.TeamId, mention, result) { Policy = decision };
            var conversation = Conversation(conversationId);
            if (newCustomer)
            {
                // The new customer's grain reads its record while the conversation is stored;
                // the attach below then waits for one write, not a read and a write.
                Customer(Stored.CustomerId).WakeAsync().Ignore();
            }

            var opened = await conversation.OpenAsync(opening);
            var message = opened.Message!;
            if (opened.Outcome == ConversationOutcome.Duplicate && (opened.StoredIn is not null || Stored.ConversationIds.Contains(conversationId)))
            {
                // Stored before, and recorded here before: a redelivery this author no longer
                // remembered. (Stored but not recorded here is an open retried after a crash
                // between the conversation's write and ours: finished below.)
                receipt = Receipt(opened.StoredIn ?? conversationId, message, IngestOutcome.Duplicate);
                Remember(new RememberedMention(mention.NetworkMessageId, receipt.ConversationId, receipt.MessageId, receipt.Triage));
                metrics.MentionIngested(mention.TenantId, mention.Channel, "duplicate");
                return receipt;
            }

            var reference = new ConversationReference(conversationId, mention.Channel, ConversationStatus.Open, result.Category, message.ReceivedAt, mention.Preview);
            Stored.CurrentConversationId = conversationId;
            if (mention.AccountId.Length > 0)
            {
                Stored.CurrentByAccount[mention.AccountId] = conversationId;
            }

            Stored.ConversationIds.Add(conversationId);
            receipt = new IngestReceipt(conversationId, Stored.CustomerId, message.MessageId, message.Triage ?? result, IngestOutcome.Opened);
            Remember(new RememberedMention(mention.NetworkMessageId, receipt.ConversationId, receipt.MessageId, receipt.Triage));

            // The customer's record and ours are independent rows: written side by side, an
            // opening waits for one more disk flush, not two. Either may fail; the mention is
            // then not acknowledged, and its retry reaches the same derived conversation.
            await Task.WhenAll(Customer(Stored.CustomerId).AttachAsync([Identity(mention.Author)], [reference]), SaveAsync());
        }
        else if (!receipt.Duplicate)
        {
            Remember(new RememberedMention(mention.NetworkMessageId, receipt.ConversationId, receipt.MessageId, receipt.Triage));
            if (changed)
            {
                await SaveAsync();
            }

            // Otherwise nothing of ours needs storing: the mention is stored in its conversation,
            // which also refuses a redelivery of it. The remembered id only spares that round
            // trip while this activation lives, and is stored with the next opening.
        }
        metrics.MentionIngested(mention.TenantId, mention.Channel, receipt switch
        {
            { Duplicate: true } => "duplicate",
            { NewConversation: true } => "opened",
            { Reopened: true } => "reopened",
            _ => "joined",
        });
        return receipt;
    }

    public async Task MoveToCustomerAsync(string customerId)
    {
        var (tenantId, channel, userId) = GrainKeys.SplitAuthor(Key);
        if (Stored.CustomerId is not { } fromCustomer || Stored.Profile is null)
        {
            throw CareException.NotFound($"Identity {userId} on {channel} (it has never written a mention to tenant \"{tenantId}\")");
        }

        if (fromCustomer == customerId)
        {
            return;
        }

        var references = new List<ConversationReference>(Stored.ConversationIds.Count);
        foreach (var conversationId in Stored.ConversationIds)
        {
            references.Add((await Conversation(conversationId).ChangeCustomerAsync(customerId)).View.Reference);
        }

        var identity = Identity(Stored.Profile);
        await GrainFactory.GetCareGrain<ICustomerGrain>(GrainKeys.Customer(tenantId, customerId)).AttachAsync([identity], references);
        await GrainFactory.GetCareGrain<ICustomerGrain>(GrainKeys.Customer(tenantId, fromCustomer)).DetachAsync(identity, [.. Stored.ConversationIds], customerId);
        Stored.CustomerId = customerId;
        await SaveAsync();
        GrainLog.IdentityMoved(logger, fromCustomer, customerId);
    }

    private IngestReceipt Receipt(string conversationId, ConversationMessage message, IngestOutcome outcome) =>
        new(conversationId, Stored.CustomerId!, message.MessageId, message.Triage!, outcome);

    private void Remember(RememberedMention mention)
    {
        Stored.Recent.Add(mention);
        var excess = Stored.Recent.Count - options.Value.RememberedMentionsPerAuthor;
        if (excess > 0)
        {
            Stored.Recent.RemoveRange(0, excess);
        }
    }

    private CustomerIdentity Identity(AuthorProfile profile)
    {
        var (_, channel, userId) = GrainKeys.SplitAuthor(Key);
        return new CustomerIdentity(channel, userId, profile.Handle, profile.DisplayName);
    }

    private IConversationGrain Conversation(string conversationId)
    {
        return GrainFactory.GetCareGrain<IConversationGrain>(GrainKeys.Conversation(TenantId, conversationId));
    }

    private ICustomerGrain Customer(string customerId)
    {
        return GrainFactory.GetCareGrain<ICustomerGrain>(GrainKeys.Customer(TenantId, customerId));
    }

    /// <summary>A stable 128-bit id (hex) from a unique input: the same input always names the same thing.</summary>
    private static string DerivedId(string input) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input)).AsSpan(0, 16));

    /// <summary>Stores the state, or drops the activation if that fails (see <see cref="StoredStateExtensions.WriteOrDropAsync"/>).</summary>
    private Task SaveAsync() => state.WriteOrDropAsync(DeactivateOnIdle);
}
