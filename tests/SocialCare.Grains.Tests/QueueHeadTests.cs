using SocialCare.Testing.Networks;
using SocialCare.Domain.Access;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Queues;
using SocialCare.Grains.Abstractions.Queues;

namespace SocialCare.Grains.Tests;

/// <summary>
/// A queue shard holds only the head of its queue (the fixture's
/// <see cref="ClusterFixture.QueueShardHeadSize"/>) and reads the rest from the journal: a team
/// queue many times longer than its heads still lists every conversation once, in work order,
/// through changes that move conversations in and out of the heads.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class QueueHeadTests(ClusterFixture fixture)
{
    private const int Conversations = 100;

    private static readonly string[] Texts =
    [
        "Lost my luggage again, unacceptable",
        "I need to change my booking",
        "Thank you, lovely crew today",
        "What time does the gate open?",
        "Your app is down and I cannot check in, furious",
    ];

    private IGrainFactory Grains => fixture.Grains;

    private IQueueReaderGrain Reader => Grains.GetGrain<IQueueReaderGrain>(0);

    [Fact]
    public async Task A_queue_far_longer_than_its_shards_heads_lists_every_conversation_once_in_work_order()
    {
        Assert.True(Conversations > 4 * ClusterFixture.QueueShardHeadSize * 2, "the queue must reach well beyond every shard's head");
        var tenant = (await fixture.NewTenantAsync()).TenantId;
        var opened = new List<string>();
        for (var i = 0; i < Conversations; i++)
        {
            opened.Add((await Grains.IngestAsync(Mentions.Make(tenant, $"customer-{i}", Texts[i % Texts.Length]))).ConversationId);
        }

        var scope = new QueueScope(tenant, "first-line");
        await AssertListedAsync(scope, opened);

        // Changes reach items in the heads and beyond them: claims (no longer unassigned),
        // resolutions (gone), escalations (moved to another team's queue).
        var agent = CareActor.Agent("jd");
        foreach (var id in opened.Where((_, i) => i % 5 == 1))
        {
            await Grains.Conversation(tenant, id).ClaimAsync(agent);
        }

        var resolved = opened.Where((_, i) => i % 3 == 0).ToHashSet(StringComparer.Ordinal);
        foreach (var id in resolved)
        {
            await Grains.Conversation(tenant, id).ResolveAsync(agent, "Answered");
        }

        var escalated = opened.Where((_, i) => i % 7 == 2 && !resolved.Contains(opened[i])).ToHashSet(StringComparer.Ordinal);
        foreach (var id in escalated)
        {
            await Grains.Conversation(tenant, id).EscalateAsync(agent, "legal", "Legal threat");
        }

        var open = opened.Where(id => !resolved.Contains(id) && !escalated.Contains(id)).ToList();
        var listed = await AssertListedAsync(scope, open);
        Assert.Equal(escalated.Order(StringComparer.Ordinal), (await ListAllAsync(new QueueScope(tenant, "legal"), QueueFilter.All)).Select(i => i.ConversationId).Order(StringComparer.Ordinal));

        var unassigned = await ListAllAsync(scope, new QueueFilter(true, false));
        Assert.Equal(listed.Where(i => i.AssignedAgentId is null).Select(i => i.ConversationId), unassigned.Select(i => i.ConversationId));
        Assert.NotEqual(listed.Count, unassigned.Count);

        // Beyond the heads the backlog comes from the journal's count, refreshed every
        // SlaWarningRefresh (100 ms here).
        var waiting = listed.Count(i => i.Status == ConversationStatus.Open);
        await Eventually.Get(() => Reader.EstimateWaitAsync(scope), e => e.Backlog == waiting, $"a backlog of {waiting}");

        // The heads shrank under the resolutions and have been refilled from the journal by now:
        // the listing is still whole and in order.
        await AssertListedAsync(scope, open);
    }

    /// <returns>The queue as listed page by page.</returns>
    private async Task<List<QueueItem>> AssertListedAsync(QueueScope scope, IReadOnlyCollection<string> expected)
    {
        var listed = await ListAllAsync(scope, QueueFilter.All);
        var ids = listed.Select(i => i.ConversationId).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(expected.Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
        Assert.Equal(listed.OrderBy(i => i.Position).Select(i => i.ConversationId), ids);
        return listed;
    }

    private async Task<List<QueueItem>> ListAllAsync(QueueScope scope, QueueFilter filter)
    {
        var listed = new List<QueueItem>();
        QueuePosition? after = null;
        do
        {
            var page = await Reader.ListAsync(scope, after, 7, filter);
            listed.AddRange(page.Items);
            after = page.Next;
        }
        while (after is not null);

        return listed;
    }
}
