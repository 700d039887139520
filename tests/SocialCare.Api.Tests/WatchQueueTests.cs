using Grpc.Core;

namespace SocialCare.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class WatchQueueTests(ApiFixture api)
{
    [Fact]
    public async Task A_watch_delivers_new_conversations_and_claims()
    {
        var tenant = await api.NewTenantAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var watch = api.Queues.WatchQueue(new Wire.WatchQueueRequest { Parent = $"tenants/{tenant}/teams/first-line" }, cancellationToken: timeout.Token);
        var events = watch.ResponseStream;
        Assert.True(await events.MoveNext(timeout.Token));
        Assert.Equal(Wire.QueueEventType.Subscribed, events.Current.Type);

        var receipt = await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann", "My bag is lost, unacceptable")));
        var added = await events.NextAsync(e => e.Item.Conversation == receipt.Conversation, timeout.Token);
        Assert.Equal(Wire.QueueEventType.Added, added.Type);
        Assert.Equal(Wire.QueueChangeReason.CustomerMessage, added.Reason);
        Assert.Equal(Wire.Priority.High, added.Item.Priority);

        await api.Conversations.ClaimConversationAsync(new Wire.ClaimConversationRequest { Name = receipt.Conversation, AgentId = "jd" });
        var claimed = await events.NextAsync(e => e.Item.Conversation == receipt.Conversation, timeout.Token);
        Assert.Equal(Wire.QueueChangeReason.Claimed, claimed.Reason);
        Assert.Equal("jd", claimed.Item.AssignedAgentId);
        Assert.Equal(claimed.Shard, added.Shard);
        Assert.Equal(added.Sequence + 1, claimed.Sequence);
    }

    [Fact]
    public async Task An_sla_breach_appears_on_the_watch_when_its_deadline_passes()
    {
        var tenant = await api.NewTenantAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var receipt = await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann", "Terrible service, my flight is cancelled")));
        var conversation = await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = receipt.Conversation });
        var due = conversation.Conversation.SlaClocks.Single(c => c.Kind == Wire.SlaClockKind.FirstResponse).DueTime.ToDateTimeOffset();

        using var watch = api.Queues.WatchQueue(new Wire.WatchQueueRequest { Parent = $"tenants/{tenant}" }, cancellationToken: timeout.Token);
        Assert.True(await watch.ResponseStream.MoveNext(timeout.Token));
        Assert.Equal(Wire.QueueEventType.Subscribed, watch.ResponseStream.Current.Type);

        api.Clock.SetUtcNow(due);

        var breach = await watch.ResponseStream.NextAsync(e => e.Reason == Wire.QueueChangeReason.SlaBreached, timeout.Token);
        Assert.Equal(receipt.Conversation, breach.Item.Conversation);
        Assert.True(breach.Item.SlaBreached);
        Assert.Equal(Wire.Priority.Urgent, breach.Item.Priority);

        var after = await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = receipt.Conversation });
        var recorded = Assert.Single(after.Conversation.SlaBreaches);
        Assert.Equal(Wire.SlaClockKind.FirstResponse, recorded.Kind);
        Assert.Equal(due, recorded.DueTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task Watching_an_unknown_team_fails_with_not_found()
    {
        var tenant = await api.NewTenantAsync();
        using var watch = api.Queues.WatchQueue(new Wire.WatchQueueRequest { Parent = $"tenants/{tenant}/teams/ghosts" });
        var ex = await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
    }
}
