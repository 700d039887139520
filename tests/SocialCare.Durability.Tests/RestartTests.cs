namespace SocialCare.Durability.Tests;

/// <summary>Everything a care team relies on comes back after every silo was killed and restarted.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RestartTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Queues_history_and_deadlines_come_back_after_a_full_restart()
    {
        var connectionString = await postgres.NewDatabaseAsync();
        var cluster = $"restart-{Guid.NewGuid():N}"[..20];
        var ports = HostProcess.FreePorts();
        IReadOnlyList<Wire.QueueItem> queueBefore;
        string longConversation, resolved, fastTenant, fastConversation;
        await using (var first = await HostProcess.StartAsync(connectionString, cluster, ports))
        {
            var api = new CareApi(first.Channel);
            var texts = new[]
            {
                "Thanks for the lovely flight",
                "My refund never arrived, this is a scam and I will sue",
                "Can I bring my dog on board?",
                "Lost my bag in Amsterdam, unacceptable",
                "Is the lounge open at night?",
            };
            var conversations = new List<string>();
            for (var i = 0; i < texts.Length; i++)
            {
                var receipt = await api.Ingest.IngestMentionAsync(new Wire.IngestMentionRequest { Mention = CareApi.Mention("demo", $"author-{i}", $"tweet-{i}", texts[i]) });
                conversations.Add(receipt.Conversation);
            }

            await api.Conversations.ClaimConversationAsync(new Wire.ClaimConversationRequest { Name = conversations[2], AgentId = "jd" });
            resolved = conversations[4];
            await api.Conversations.ResolveConversationAsync(new Wire.ResolveConversationRequest { Name = resolved, AgentId = "jd" });
            longConversation = conversations[0];
            for (var n = 2; n <= 70; n++)
            {
                await api.Conversations.AddNoteAsync(new Wire.AddNoteRequest { Name = longConversation, AgentId = "jd", Text = $"note {n}" });
            }

            queueBefore = await api.ListWholeQueueAsync("demo");
            Assert.Equal(4, queueBefore.Count);

            // A deadline that falls due while no silo runs at all.
            fastTenant = await api.CreateTenantAsync($"fast{Guid.NewGuid():N}"[..16], TimeSpan.FromSeconds(3));
            fastConversation = (await api.Ingest.IngestMentionAsync(new Wire.IngestMentionRequest { Mention = CareApi.Mention(fastTenant, "ann", "tweet-fast", "Where is my parcel?") })).Conversation;
            await first.KillAsync();
        }

        await using var second = await HostProcess.StartAsync(connectionString, cluster, ports);
        var after = new CareApi(second.Channel);

        var queueAfter = await after.ListWholeQueueAsync("demo");
        Assert.Equal(queueBefore.Select(i => (i.Conversation, i.Priority, i.AssignedAgentId)), queueAfter.Select(i => (i.Conversation, i.Priority, i.AssignedAgentId)));
        Assert.DoesNotContain(queueAfter, i => i.Conversation == resolved);

        var history = await after.ListHistoryAsync(longConversation);
        Assert.Equal(70, history.Count);
        Assert.Equal(["Thanks for the lovely flight", "note 2"], history.Take(2).Select(m => m.Text));
        Assert.Equal("note 70", history[^1].Text);

        var breach = (await after.WaitForFirstResponseBreachesAsync([fastConversation], TimeSpan.FromSeconds(60)))[fastConversation];
        Assert.True(breach.DetectTime.ToDateTimeOffset() >= breach.DueTime.ToDateTimeOffset());
    }
}
