using Google.Protobuf;

namespace SocialCare.Durability.Tests;

/// <summary>A brand's corrections and trained model live in PostgreSQL: a silo that never trained it loads it and triages with it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class TriageModelRestartTests(PostgresFixture postgres)
{
    private static ByteString Export()
    {
        var csv = new System.Text.StringBuilder("text,label\n");
        foreach (var text in new[] { "lost my bag again", "worst service ever", "still waiting for a refund", "rude staff" })
        {
            csv.Append(text).Append(",negative\n");
        }

        foreach (var text in new[] { "lovely crew thanks", "great flight", "thanks for the upgrade", "wonderful lounge" })
        {
            csv.Append(text).Append(",positive\n");
        }

        return ByteString.CopyFromUtf8(csv.ToString());
    }

    [Fact]
    public async Task A_model_activated_before_every_silo_was_killed_triages_after_the_restart_and_its_corrections_are_kept()
    {
        var connectionString = await postgres.NewDatabaseAsync();
        var cluster = $"triage-{Guid.NewGuid():N}"[..20];
        var ports = HostProcess.FreePorts();
        await using (var first = await HostProcess.StartAsync(connectionString, cluster, ports))
        {
            var api = new CareApi(first.Channel);
            var opened = await api.Ingest.IngestMentionAsync(new Wire.IngestMentionRequest { Mention = CareApi.Mention("demo", "ann", "tweet-1", "My flight moved to tomorrow.") });
            await api.Conversations.CorrectTriageAsync(new Wire.CorrectTriageRequest { Name = opened.Conversation, AgentId = "jd", MessageId = opened.MessageId, Sentiment = Wire.Sentiment.Negative });
            var trained = await api.Admin.TrainTriageModelAsync(new Wire.TrainTriageModelRequest { Parent = "tenants/demo", Task = Wire.TriageTask.Sentiment, Csv = Export(), LabelColumn = "label", Folds = 2 });
            Assert.Equal(1, trained.Model.CorrectionRows);
            await api.Admin.ActivateTriageModelAsync(new Wire.ActivateTriageModelRequest { Parent = "tenants/demo", Task = Wire.TriageTask.Sentiment, Version = trained.Model.Version });
            await first.KillAsync();
        }

        await using var second = await HostProcess.StartAsync(connectionString, cluster, ports);
        var after = new CareApi(second.Channel);
        var receipt = await after.Ingest.IngestMentionAsync(new Wire.IngestMentionRequest { Mention = CareApi.Mention("demo", "bob", "tweet-2", "Lovely crew on my flight.") });

        Assert.Contains(receipt.Triage.Cues, c => c.StartsWith("model: sentiment v1 ", StringComparison.Ordinal));
        var listed = await after.Admin.ListTriageModelsAsync(new Wire.ListTriageModelsRequest { Parent = "tenants/demo" });
        Assert.Equal(1, listed.Corrections);
        Assert.True(Assert.Single(listed.Models).Active);
    }
}
