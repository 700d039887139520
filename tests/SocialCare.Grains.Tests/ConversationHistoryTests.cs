using Orleans.Runtime;
using SocialCare.Domain.Access;
using SocialCare.Domain.Conversations;

namespace SocialCare.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ConversationHistoryTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task A_long_conversation_pages_its_whole_history_from_the_journal_and_its_recent_window()
    {
        var tenant = (await fixture.NewTenantAsync()).TenantId;
        var opened = await Grains.IngestAsync(Mentions.Make(tenant, "ann", "Where is my parcel?"));
        var conversation = Grains.Conversation(tenant, opened.ConversationId);
        for (var i = 2; i <= 80; i++)
        {
            await conversation.AddNoteAsync(CareActor.Agent("jd"), $"note {i}");
        }

        await AssertHistoryAsync(conversation);

        // Drop every idle activation: the conversation comes back from storage and reads its
        // recent window back from the message rows; older pages still come from the journal.
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await AssertHistoryAsync(conversation);
        var state = await conversation.GetAsync();
        Assert.Equal(80, state.MessageSequence);
        Assert.Equal(Enumerable.Range(81 - ConversationLimits.RecentMessages, ConversationLimits.RecentMessages), state.RecentMessages.Select(m => m.Sequence));
        Assert.Equal("note 80", state.RecentMessages[^1].Text);
    }

    private static async Task AssertHistoryAsync(Abstractions.Conversations.IConversationGrain conversation)
    {
        var all = await conversation.ListMessagesAsync(0, 500);
        Assert.Equal(Enumerable.Range(1, 80), all.Select(m => m.Sequence));
        Assert.Equal("Where is my parcel?", all[0].Text);
        Assert.Equal("note 80", all[^1].Text);

        var old = await conversation.ListMessagesAsync(10, 5);
        Assert.Equal(Enumerable.Range(11, 5), old.Select(m => m.Sequence));

        var straddling = await conversation.ListMessagesAsync(25, 10);
        Assert.Equal(Enumerable.Range(26, 10), straddling.Select(m => m.Sequence));

        var recent = await conversation.ListMessagesAsync(75, 100);
        Assert.Equal(Enumerable.Range(76, 5), recent.Select(m => m.Sequence));
    }
}
