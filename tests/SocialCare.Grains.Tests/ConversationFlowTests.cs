using SocialCare.Domain.Access;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Queues;
using SocialCare.Domain.Triage;
using SocialCare.Grains.Conversations;
using SocialCare.Grains.Abstractions.Conversations;
using SocialCare.Grains.Abstractions.Customers;
using SocialCare.Grains.Abstractions.Queues;
using SocialCare.Grains.Abstractions;

namespace SocialCare.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ConversationFlowTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private IQueueReaderGrain Reader => Grains.GetGrain<IQueueReaderGrain>(0);

    [Fact]
    public async Task Ingest_queue_claim_reply_resolve()
    {
        var tenant = (await fixture.NewTenantAsync()).TenantId;
        var praise = await Grains.IngestAsync(Mentions.Make(tenant, "p", "Thank you, lovely crew today"));
        var booking = await Grains.IngestAsync(Mentions.Make(tenant, "b", "I need to change my booking"));
        var complaint = await Grains.IngestAsync(Mentions.Make(tenant, "c", "Lost my luggage again, unacceptable"));
        Assert.All([praise, booking, complaint], r => Assert.True(r.NewConversation));
        Assert.Equal(Category.Complaint, complaint.Triage.Category);

        var queue = await Reader.ListAsync(new QueueScope(tenant, null), null, 10, QueueFilter.All);
        Assert.Equal([complaint.ConversationId, booking.ConversationId, praise.ConversationId], queue.Items.Select(i => i.ConversationId));
        Assert.Null(queue.Next);

        var conversation = Grains.Conversation(tenant, complaint.ConversationId);
        var claimed = await conversation.ClaimAsync(CareActor.Agent("jd"));
        Assert.Equal(ConversationStatus.Assigned, claimed.View.Status);
        var replied = await conversation.ReplyAsync(new ReplyDraft(CareActor.Agent("jd"), "So sorry, we are tracing it now.", Visibility.Public, "^JD", null));
        Assert.Equal(MessageKind.AgentReply, replied.Message!.Kind);
        Assert.NotNull(replied.View.FirstResponseAt);

        var unassigned = await Reader.ListAsync(new QueueScope(tenant, "first-line"), null, 10, new QueueFilter(true, false));
        Assert.DoesNotContain(unassigned.Items, i => i.ConversationId == complaint.ConversationId);

        var resolved = await conversation.ResolveAsync(CareActor.Agent("jd"), "Bag delivered");
        Assert.Equal(ConversationStatus.Resolved, resolved.View.Status);
        var after = await Reader.ListAsync(new QueueScope(tenant, null), null, 10, QueueFilter.All);
        Assert.Equal([booking.ConversationId, praise.ConversationId], after.Items.Select(i => i.ConversationId));
    }

    [Fact]
    public async Task A_customer_writing_to_two_brand_numbers_has_a_conversation_with_each()
    {
        var tenant = (await fixture.NewTenantAsync()).TenantId;
        Mention To(string account, string id, string text) => Mentions.Make(tenant, "31611111111", text, Channel.WhatsApp, id) with { AccountId = account };

        var toCare = await Grains.IngestAsync(To("care-number", "w-1", "My bag is lost"));
        var toSales = await Grains.IngestAsync(To("sales-number", "w-2", "Do you sell lounge passes?"));
        var backToCare = await Grains.IngestAsync(To("care-number", "w-3", "Any news on the bag?"));
        var backToSales = await Grains.IngestAsync(To("sales-number", "w-4", "Two passes please"));
        // A connector that names no account joins the conversation written in last.
        var unnamed = await Grains.IngestAsync(To("", "w-5", "Thanks"));

        Assert.True(toSales.NewConversation);
        Assert.NotEqual(toCare.ConversationId, toSales.ConversationId);
        Assert.Equal((toCare.ConversationId, false), (backToCare.ConversationId, backToCare.NewConversation));
        Assert.Equal((toSales.ConversationId, false), (backToSales.ConversationId, backToSales.NewConversation));
        Assert.Equal(toSales.ConversationId, unnamed.ConversationId);
        var care = await Grains.Conversation(tenant, toCare.ConversationId).GetAsync();
        Assert.Equal("care-number", care.AccountId);
        Assert.Equal(["w-1", "w-3"], care.RecentMessages.Select(m => m.NetworkMessageId));
    }

    [Fact]
    public async Task A_whatsapp_groups_members_write_in_one_conversation_each_message_naming_its_member_and_replies_go_to_the_group()
    {
        var tenant = (await fixture.NewTenantAsync()).TenantId;
        Mention InGroup(string member, string id, string text) => Mentions.Make(tenant, member, text, Channel.WhatsApp, id) with { AccountId = "care-number", GroupId = "GRP1" };

        var first = await Grains.IngestAsync(InGroup("31611111111", "g-1", "Our flight is delayed"));
        var second = await Grains.IngestAsync(InGroup("31622222222", "g-2", "Four of us need a hotel"));
        var direct = await Grains.IngestAsync(Mentions.Make(tenant, "31611111111", "And my own bag?", Channel.WhatsApp, "d-1") with { AccountId = "care-number" });

        Assert.Equal((first.ConversationId, false), (second.ConversationId, second.NewConversation));
        Assert.NotEqual(first.ConversationId, direct.ConversationId);
        var conversation = Grains.Conversation(tenant, first.ConversationId);
        var group = await conversation.GetAsync();
        Assert.Equal("GRP1", group.GroupId);
        Assert.Equal(["31611111111", "31622222222"], group.RecentMessages.Select(m => m.Author!.NetworkUserId));
        var replied = await conversation.ReplyAsync(new ReplyDraft(CareActor.Agent("jd"), "We are booking rooms for all four of you.", Visibility.Private, "^JD", null));
        // The outbox row the connector will send from: addressed to the group.
        var row = await ClusterFixture.Journal.ReadDeliveryAsync(tenant, replied.Message!.Delivery!.DeliveryId);
        Assert.Equal("group:GRP1", row!.RecipientId);
    }

    [Fact]
    public async Task The_same_network_message_is_stored_once_even_after_resolution()
    {
        var tenant = (await fixture.NewTenantAsync(t => t with { ReopenWindow = TimeSpan.Zero })).TenantId;
        var mention = Mentions.Make(tenant, "ann", "Where is my refund?", messageId: "x-123");
        var first = await Grains.IngestAsync(mention);
        var again = await Grains.IngestAsync(mention);
        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal(first.ConversationId, again.ConversationId);
        Assert.Equal(first.MessageId, again.MessageId);

        await Grains.Conversation(tenant, first.ConversationId).ResolveAsync(CareActor.Agent("jd"), null);
        var late = await Grains.IngestAsync(mention);
        Assert.True(late.Duplicate);
        Assert.Single((await Grains.Conversation(tenant, first.ConversationId).GetAsync()).RecentMessages);
    }

    [Fact]
    public async Task A_redelivery_after_60_newer_messages_is_stored_once()
    {
        var tenant = (await fixture.NewTenantAsync()).TenantId;
        var opening = await Grains.IngestAsync(Mentions.Make(tenant, "ann", "My bag did not arrive", messageId: "ann-0"));
        var followUp = Mentions.Make(tenant, "ann", "Still nothing, where is it?", messageId: "ann-1");
        var first = await Grains.IngestAsync(followUp);
        for (var i = 2; i <= 61; i++)
        {
            await Grains.IngestAsync(Mentions.Make(tenant, "ann", $"Update {i}", messageId: $"ann-{i}"));
        }

        // Older than the author remembers (8 here) and than the conversation's recent messages (50).
        var late = await Grains.IngestAsync(followUp);

        Assert.True(late.Duplicate);
        Assert.Equal((opening.ConversationId, first.MessageId), (late.ConversationId, late.MessageId));
        var conversation = await Grains.Conversation(tenant, opening.ConversationId).GetAsync();
        Assert.Equal(62, conversation.MessageSequence);
        Assert.Equal((first.Triage.Category, first.Triage.Priority, first.Triage.Reason), (late.Triage.Category, late.Triage.Priority, late.Triage.Reason));
    }

    [Fact]
    public async Task A_redelivery_into_a_conversation_resolved_long_ago_opens_nothing()
    {
        var tenant = (await fixture.NewTenantAsync(t => t with { ReopenWindow = TimeSpan.Zero })).TenantId;
        var opening = Mentions.Make(tenant, "bob", "Refund please, order 991", messageId: "bob-0");
        var followUp = Mentions.Make(tenant, "bob", "Any news on the refund?", messageId: "bob-1");
        var opened = await Grains.IngestAsync(opening);
        var first = await Grains.IngestAsync(followUp);
        for (var i = 2; i <= 55; i++)
        {
            await Grains.IngestAsync(Mentions.Make(tenant, "bob", $"Detail {i}", messageId: $"bob-{i}"));
        }

        await Grains.Conversation(tenant, opened.ConversationId).ResolveAsync(CareActor.Agent("jd"), "Refunded");

        // A resolved conversation refuses new messages (no reopen window): without the journal's
        // rule each redelivery would open a new conversation around an old message.
        var lateFollowUp = await Grains.IngestAsync(followUp);
        var lateOpening = await Grains.IngestAsync(opening);

        Assert.True(lateFollowUp.Duplicate);
        Assert.Equal((opened.ConversationId, first.MessageId), (lateFollowUp.ConversationId, lateFollowUp.MessageId));
        Assert.True(lateOpening.Duplicate);
        Assert.Equal((opened.ConversationId, opened.MessageId), (lateOpening.ConversationId, lateOpening.MessageId));
        Assert.False(lateFollowUp.NewConversation || lateOpening.NewConversation);
        var queue = await Reader.ListAsync(new QueueScope(tenant, null), null, 10, QueueFilter.All);
        Assert.Empty(queue.Items);

        // The author still opens a new conversation for a message it has not sent before.
        var fresh = await Grains.IngestAsync(Mentions.Make(tenant, "bob", "New problem: seat was broken", messageId: "bob-new"));
        Assert.True(fresh.NewConversation);
        Assert.NotEqual(opened.ConversationId, fresh.ConversationId);
    }

    [Fact]
    public async Task A_mention_joins_its_authors_open_conversation()
    {
        var tenant = (await fixture.NewTenantAsync()).TenantId;
        var first = await Grains.IngestAsync(Mentions.Make(tenant, "ann", "Is my flight on time?"));
        var second = await Grains.IngestAsync(Mentions.Make(tenant, "ann", "Hello? Still waiting, this is ridiculous"));
        Assert.Equal(first.ConversationId, second.ConversationId);
        Assert.False(second.NewConversation);
        var conversation = await Grains.Conversation(tenant, first.ConversationId).GetAsync();
        Assert.Equal(2, conversation.RecentMessages.Count);
        Assert.Equal(Priority.High, conversation.TriagePriority);

        var other = await Grains.IngestAsync(Mentions.Make(tenant, "bob", "Is my flight on time?"));
        Assert.NotEqual(first.ConversationId, other.ConversationId);
    }

    [Fact]
    public async Task After_resolution_a_new_mention_reopens_within_the_window_and_opens_anew_outside_it()
    {
        var reopening = (await fixture.NewTenantAsync(t => t with { ReopenWindow = TimeSpan.FromHours(1) })).TenantId;
        var first = await Grains.IngestAsync(Mentions.Make(reopening, "ann", "My order never came"));
        await Grains.Conversation(reopening, first.ConversationId).ResolveAsync(CareActor.Agent("jd"), null);
        var follow = await Grains.IngestAsync(Mentions.Make(reopening, "ann", "Actually it is still missing"));
        Assert.True(follow.Reopened);
        Assert.Equal(first.ConversationId, follow.ConversationId);

        var strict = (await fixture.NewTenantAsync(t => t with { ReopenWindow = TimeSpan.Zero })).TenantId;
        var old = await Grains.IngestAsync(Mentions.Make(strict, "ann", "My order never came"));
        await Grains.Conversation(strict, old.ConversationId).ResolveAsync(CareActor.Agent("jd"), null);
        var fresh = await Grains.IngestAsync(Mentions.Make(strict, "ann", "Another question about my order"));
        Assert.True(fresh.NewConversation);
        Assert.NotEqual(old.ConversationId, fresh.ConversationId);
        Assert.Equal(old.CustomerId, fresh.CustomerId);
    }

    [Fact]
    public async Task A_customer_sees_conversations_across_channels_once_identities_are_linked()
    {
        var tenant = (await fixture.NewTenantAsync()).TenantId;
        var onX = await Grains.IngestAsync(Mentions.Make(tenant, "ann-x", "Where is my order?", Channel.X));
        var onWhatsApp = await Grains.IngestAsync(Mentions.Make(tenant, "+31600000000", "Hi, order 123 still missing", Channel.WhatsApp));
        Assert.NotEqual(onX.CustomerId, onWhatsApp.CustomerId);

        await Grains.GetGrain<IAuthorGrain>(GrainKeys.Author(tenant, Channel.WhatsApp, "+31600000000")).MoveToCustomerAsync(onX.CustomerId);

        var customer = await Grains.GetGrain<ICustomerGrain>(GrainKeys.Customer(tenant, onX.CustomerId)).GetAsync();
        Assert.Equal(2, customer.Identities.Count);
        Assert.Equal(
            new[] { onX.ConversationId, onWhatsApp.ConversationId }.Order(),
            customer.Conversations.Select(c => c.ConversationId).Order());
        Assert.Equal(onX.CustomerId, (await Grains.Conversation(tenant, onWhatsApp.ConversationId).GetAsync()).CustomerId);
        var formerCustomer = await Grains.GetGrain<ICustomerGrain>(GrainKeys.Customer(tenant, onWhatsApp.CustomerId)).GetAsync();
        Assert.Equal(onX.CustomerId, formerCustomer.MergedInto);
        Assert.Empty(formerCustomer.Identities);
        Assert.Empty(formerCustomer.Conversations);

        var next = await Grains.IngestAsync(Mentions.Make(tenant, "+31600000000", "Any news?", Channel.WhatsApp));
        Assert.Equal(onX.CustomerId, next.CustomerId);
    }

    [Fact]
    public async Task Queue_pages_cover_every_item_once_in_order()
    {
        var tenant = (await fixture.NewTenantAsync()).TenantId;
        var texts = new[] { "unacceptable delay", "my booking", "thanks", "what time?", "app is down", "my order", "nice" };
        for (var i = 0; i < texts.Length; i++)
        {
            await Grains.IngestAsync(Mentions.Make(tenant, $"a{i}", texts[i]));
        }

        var all = await Reader.ListAsync(new QueueScope(tenant, null), null, 50, QueueFilter.All);
        var paged = new List<QueueItem>();
        QueuePosition? after = null;
        do
        {
            var page = await Reader.ListAsync(new QueueScope(tenant, null), after, 3, QueueFilter.All);
            Assert.True(page.Items.Count <= 3);
            paged.AddRange(page.Items);
            after = page.Next;
        }
        while (after is not null);

        Assert.Equal(texts.Length, all.Items.Count);
        Assert.Equal(all.Items.Select(i => i.ConversationId), paged.Select(i => i.ConversationId));
        Assert.Equal(all.Items.OrderBy(i => i.Position).Select(i => i.ConversationId), all.Items.Select(i => i.ConversationId));
    }

    [Fact]
    public async Task Escalation_moves_the_conversation_between_team_queues()
    {
        var tenant = (await fixture.NewTenantAsync()).TenantId;
        var receipt = await Grains.IngestAsync(Mentions.Make(tenant, "ann", "I will sue you, unacceptable"));
        await Grains.Conversation(tenant, receipt.ConversationId).EscalateAsync(CareActor.Agent("jd"), "legal", "Legal threat");

        var firstLine = await Reader.ListAsync(new QueueScope(tenant, "first-line"), null, 10, QueueFilter.All);
        var legal = await Reader.ListAsync(new QueueScope(tenant, "legal"), null, 10, QueueFilter.All);
        Assert.Empty(firstLine.Items);
        Assert.Equal(receipt.ConversationId, Assert.Single(legal.Items).ConversationId);

        var ex = await Assert.ThrowsAsync<CareException>(() => Grains.Conversation(tenant, receipt.ConversationId).EscalateAsync(CareActor.Agent("jd"), "nowhere", "x"));
        Assert.Equal(CareErrorKind.NotFound, ex.Kind);
        Assert.Equal("team_id", ex.Field);
    }

    [Fact]
    public async Task Care_errors_keep_their_kind_across_grain_calls()
    {
        var tenant = (await fixture.NewTenantAsync()).TenantId;
        var receipt = await Grains.IngestAsync(Mentions.Make(tenant, "ann", "hello"));
        var conversation = Grains.Conversation(tenant, receipt.ConversationId);
        await conversation.ClaimAsync(CareActor.Agent("jd"));

        var claimed = await Assert.ThrowsAsync<CareException>(() => conversation.ClaimAsync(CareActor.Agent("kim")));
        Assert.Equal(CareErrorKind.FailedPrecondition, claimed.Kind);
        var missing = await Assert.ThrowsAsync<CareException>(() => Grains.Conversation(tenant, "nope").GetAsync());
        Assert.Equal(CareErrorKind.NotFound, missing.Kind);
        var unknownTenant = await Assert.ThrowsAsync<CareException>(() => Grains.IngestAsync(Mentions.Make("no-such-tenant", "ann", "hi")));
        Assert.Equal(CareErrorKind.NotFound, unknownTenant.Kind);
    }

    [Fact]
    public async Task Wait_estimate_is_measured_once_there_are_recent_first_responses()
    {
        var tenant = (await fixture.NewTenantAsync()).TenantId;
        var scope = new QueueScope(tenant, "first-line");
        var before = await Reader.EstimateWaitAsync(scope);
        Assert.False(before.Measured);
        Assert.Equal(TimeSpan.FromHours(1), before.EstimatedWait);

        for (var i = 0; i < 3; i++)
        {
            var receipt = await Grains.IngestAsync(Mentions.Make(tenant, $"a{i}", "Can I bring a pet?"));
            await Grains.Conversation(tenant, receipt.ConversationId).ReplyAsync(new ReplyDraft(CareActor.Agent("jd"), "Yes, in the cabin.", Visibility.Public, null, null));
        }

        await Grains.IngestAsync(Mentions.Make(tenant, "waiting", "Can I bring a bike?"));
        var after = await Reader.EstimateWaitAsync(scope);
        Assert.True(after.Measured);
        Assert.Equal(3, after.SampleCount);
        Assert.Equal(1, after.Backlog);
    }
}
