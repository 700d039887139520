using SocialCare.Domain.Access;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Deliveries;
using SocialCare.Grains.Conversations;
using SocialCare.Grains.Abstractions.Conversations;
using SocialCare.Grains.Abstractions.Deliveries;
using SocialCare.Grains.Abstractions;

namespace SocialCare.Grains.Tests;

/// <summary>
/// What a network says happened to a message already sent (an edit, a deletion, a reaction)
/// changes that message, wherever it is in the conversation, and nothing else: no new message,
/// no clock, no reopening.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class MessageChangeTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private static readonly DateTimeOffset EditedAt = new(2026, 11, 23, 8, 30, 0, TimeSpan.Zero);

    private static Mention From(string tenant, string author, string text, string messageId) =>
        Mentions.Make(tenant, author, text, Channel.Messenger, messageId) with { AccountId = "page-1" };

    private IAuthorGrain Author(string tenant, string author) =>
        Grains.GetGrain<IAuthorGrain>(GrainKeys.Author(tenant, Channel.Messenger, author));

    [Fact]
    public async Task An_edit_replaces_the_words_keeps_the_earlier_version_and_moves_no_clock()
    {
        var tenant = (await fixture.NewTenantAsync()).TenantId;
        var opened = await Grains.IngestAsync(From(tenant, "ann", "My bag did not arrive", "m-1"));
        var conversation = Grains.Conversation(tenant, opened.ConversationId);
        var before = await conversation.GetAsync();
        var edit = new MessageChange(MessageChangeKind.Edited, "page-1", "m-1", EditedAt) { Text = "My bag arrived broken" };

        Assert.Equal(ConversationOutcome.Changed, await Author(tenant, "ann").ApplyNetworkChangeAsync(edit));
        Assert.Equal(ConversationOutcome.Unchanged, await Author(tenant, "ann").ApplyNetworkChangeAsync(edit));

        var after = await conversation.GetAsync();
        var message = Assert.Single(after.RecentMessages);
        Assert.Equal("My bag arrived broken", message.Text);
        Assert.Equal([new MessageVersion("My bag did not arrive", EditedAt)], message.EarlierVersions!);
        Assert.Equal(("My bag arrived broken", "My bag arrived broken"), (after.LatestCustomerPreview, after.FirstCustomerPreview));
        Assert.Equal(before.SlaClocks, after.SlaClocks);
        Assert.Equal((before.Status, before.MessageSequence, before.UpdatedAt), (after.Status, after.MessageSequence, after.UpdatedAt));
    }

    [Fact]
    public async Task An_unsend_after_resolution_removes_the_words_and_reopens_nothing()
    {
        var tenant = (await fixture.NewTenantAsync()).TenantId;
        var opened = await Grains.IngestAsync(From(tenant, "bo", "Charge 4111 1111 1111 1111 twice", "m-9"));
        var conversation = Grains.Conversation(tenant, opened.ConversationId);
        await conversation.ResolveAsync(CareActor.Agent("jd"), "Refunded");
        var resolved = await conversation.GetAsync();

        var outcome = await Author(tenant, "bo").ApplyNetworkChangeAsync(new MessageChange(MessageChangeKind.Deleted, "page-1", "m-9", EditedAt));

        Assert.Equal(ConversationOutcome.Changed, outcome);
        var after = await conversation.GetAsync();
        Assert.Equal((ConversationStatus.Resolved, resolved.MessageSequence), (after.Status, after.MessageSequence));
        var message = after.RecentMessages[0];
        Assert.Equal(("", EditedAt, "m-9"), (message.Text, message.DeletedAt, message.NetworkMessageId));
        Assert.Equal(Conversation.DeletedPreview, after.FirstCustomerPreview);
        // The network id is still stored: a redelivery of the deleted message stores nothing again.
        Assert.True((await Grains.IngestAsync(From(tenant, "bo", "Charge 4111 1111 1111 1111 twice", "m-9"))).Duplicate);
        Assert.Equal("", (await conversation.GetAsync()).RecentMessages[0].Text);
    }

    [Fact]
    public async Task A_reaction_to_the_brands_reply_is_kept_on_the_reply_until_taken_back()
    {
        var tenant = (await fixture.NewTenantAsync()).TenantId;
        var opened = await Grains.IngestAsync(From(tenant, "cy", "Is my flight on time?", "m-20"));
        var conversation = Grains.Conversation(tenant, opened.ConversationId);
        await conversation.ReplyAsync(new ReplyDraft(CareActor.Agent("jd"), "Yes, on time.", Visibility.Private, "^JD", null));
        var desk = Grains.GetGrain<IDeliveryDeskGrain>(tenant);
        var leased = Assert.Single(await desk.LeaseAsync(new DeliveryRequest("sender-1", [], [], 10)));
        await desk.ReportAsync(new DeliveryReport(leased.DeliveryId, DeliveryOutcome.Sent, "m-reply"));

        var reacted = await Author(tenant, "cy").ApplyNetworkChangeAsync(new MessageChange(MessageChangeKind.Reacted, "page-1", "m-reply", EditedAt) { Reaction = "👍" });
        var reply = (await conversation.GetAsync()).RecentMessages.Single(m => m.Kind == MessageKind.AgentReply);
        var takenBack = await Author(tenant, "cy").ApplyNetworkChangeAsync(new MessageChange(MessageChangeKind.Unreacted, "page-1", "m-reply", EditedAt));

        Assert.Equal((ConversationOutcome.Changed, ConversationOutcome.Changed), (reacted, takenBack));
        Assert.Equal(["👍"], reply.Reactions!);
        Assert.Null((await conversation.GetAsync()).RecentMessages.Single(m => m.Kind == MessageKind.AgentReply).Reactions);
    }

    [Fact]
    public async Task An_edit_of_a_message_older_than_the_recent_ones_is_found_where_the_journal_stored_it()
    {
        var tenant = (await fixture.NewTenantAsync()).TenantId;
        var opened = await Grains.IngestAsync(From(tenant, "dee", "First words", "d-0"));
        for (var i = 1; i <= 60; i++)
        {
            await Grains.IngestAsync(From(tenant, "dee", $"Update {i}", $"d-{i}"));
        }

        var outcome = await Author(tenant, "dee").ApplyNetworkChangeAsync(new MessageChange(MessageChangeKind.Edited, "page-1", "d-0", EditedAt) { Text = "First words, corrected" });

        Assert.Equal(ConversationOutcome.Changed, outcome);
        var first = Assert.Single(await Grains.Conversation(tenant, opened.ConversationId).ListMessagesAsync(0, 1));
        Assert.Equal("First words, corrected", first.Text);
    }

    [Fact]
    public async Task A_change_to_a_message_never_stored_is_unknown_and_changes_nothing()
    {
        var tenant = (await fixture.NewTenantAsync()).TenantId;
        Assert.Equal(ConversationOutcome.UnknownMessage, await Author(tenant, "eve").ApplyNetworkChangeAsync(new MessageChange(MessageChangeKind.Deleted, "page-1", "never", EditedAt)));

        var opened = await Grains.IngestAsync(From(tenant, "eve", "Hello", "e-1"));
        Assert.Equal(ConversationOutcome.UnknownMessage, await Author(tenant, "eve").ApplyNetworkChangeAsync(new MessageChange(MessageChangeKind.Edited, "page-1", "other", EditedAt) { Text = "x" }));
        Assert.Equal("Hello", (await Grains.Conversation(tenant, opened.ConversationId).GetAsync()).RecentMessages[0].Text);
    }
}
