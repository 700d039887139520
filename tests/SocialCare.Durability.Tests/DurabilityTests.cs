using Google.Protobuf.WellKnownTypes;
using Npgsql;
namespace SocialCare.Durability.Tests;

[Collection(PostgresCollection.Name)]
public sealed class DurabilityTests(PostgresFixture postgres)
{
    [Fact]
    public async Task The_migrate_command_reports_what_it_did()
    {
        var connectionString = await postgres.NewDatabaseAsync();
        var environment = new Dictionary<string, string> { ["ConnectionStrings__SocialCare"] = connectionString };
        var host = Path.Combine(HostProcess.HostDirectory, "SocialCare.Host.dll");

        var first = await ProcessRunner.RunAsync("dotnet", [host, "migrate"], TimeSpan.FromMinutes(1), environment, HostProcess.HostDirectory);
        var second = await ProcessRunner.RunAsync("dotnet", [host, "migrate"], TimeSpan.FromMinutes(1), environment, HostProcess.HostDirectory);

        Assert.Equal(0, first.Code);
        Assert.Contains("Applied V001__orleans_providers", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.Code);
        Assert.Contains("up to date", second.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("migrate")]
    [InlineData("run")]
    public async Task An_unreachable_database_fails_start_up_with_one_clear_line(string verb)
    {
        var environment = HostProcess.Environment("Host=127.0.0.1;Port=1;Database=nowhere;Username=x;Password=secret-value", "unreachable");
        var host = Path.Combine(HostProcess.HostDirectory, "SocialCare.Host.dll");
        string[] args = verb == "migrate" ? [host, "migrate"] : [host];

        var (code, output, error) = await ProcessRunner.RunAsync("dotnet", args, TimeSpan.FromMinutes(1), environment, HostProcess.HostDirectory);

        Assert.Equal(3, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("socialcare: cannot reach PostgreSQL at 127.0.0.1:1", line, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_acknowledged_mention_survives_the_host_being_killed_and_restarted()
    {
        var connectionString = await postgres.NewDatabaseAsync();
        var cluster = $"roundtrip-{Guid.NewGuid():N}"[..20];
        string conversation;
        string text = "Lost my bag in Amsterdam, unacceptable";
        var ports = HostProcess.FreePorts();
        await using (var first = await HostProcess.StartAsync(connectionString, cluster, ports))
        {
            var ingest = new Wire.IngestService.IngestServiceClient(first.Channel);
            var receipt = await ingest.IngestMentionAsync(new Wire.IngestMentionRequest
            {
                Mention = new Wire.Mention
                {
                    TenantId = "demo",
                    Channel = Wire.Channel.X,
                    NetworkMessageId = "tweet-1",
                    Author = new Wire.Author { NetworkUserId = "42", Handle = "@ann" },
                    Text = text,
                },
            });
            conversation = receipt.Conversation;
            var replies = new Wire.ConversationService.ConversationServiceClient(first.Channel);
            await replies.PostReplyAsync(new Wire.PostReplyRequest { Name = conversation, AgentId = "jd", Text = "So sorry, tracing it now.", Visibility = Wire.Visibility.Private });
            await first.KillAsync();
        }

        await using var second = await HostProcess.StartAsync(connectionString, cluster, ports);
        var conversations = new Wire.ConversationService.ConversationServiceClient(second.Channel);
        var read = (await conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = conversation })).Conversation;
        Assert.Equal([text, "So sorry, tracing it now."], read.Messages.Select(m => m.Text));
        Assert.Equal("jd", read.AssignedAgentId);
        Assert.Equal(Wire.SlaClockState.Met, read.SlaClocks.Single(c => c.Kind == Wire.SlaClockKind.FirstResponse).State);

        var again = await new Wire.IngestService.IngestServiceClient(second.Channel).IngestMentionAsync(new Wire.IngestMentionRequest
        {
            Mention = new Wire.Mention { TenantId = "demo", Channel = Wire.Channel.X, NetworkMessageId = "tweet-1", Author = new Wire.Author { NetworkUserId = "42" }, Text = text },
        });
        Assert.True(again.Duplicate);
        Assert.Equal(conversation, again.Conversation);
    }

    /// <summary>
    /// Networks redeliver late (a webhook retried for hours, a connector replaying its cursor):
    /// after 60 newer messages, after the conversation was resolved, and after every silo
    /// restarted (no activation remembers anything), a redelivered message is still stored once.
    /// </summary>
    [Fact]
    public async Task A_late_redelivery_after_60_newer_messages_and_a_restart_is_stored_once()
    {
        var connectionString = await postgres.NewDatabaseAsync();
        var cluster = $"once-{Guid.NewGuid():N}"[..20];
        var ports = HostProcess.FreePorts();
        const string tenant = "refunds";
        var followUp = CareApi.Mention(tenant, "ann", "ann-1", "Still no refund, day 12");
        var resolvedFollowUp = CareApi.Mention(tenant, "bob", "bob-1", "Any news on my seat refund?");
        string conversation, resolved;
        await using (var first = await HostProcess.StartAsync(connectionString, cluster, ports))
        {
            var api = new CareApi(first.Channel);
            // No reopen window: a resolved conversation refuses later messages, so a redelivery
            // into it would open a new conversation unless the journal knows the message.
            await api.Admin.CreateTenantAsync(new Wire.CreateTenantRequest
            {
                Tenant = new Wire.Tenant { TenantId = tenant, DisplayName = "Refunds desk", ReopenWindow = Duration.FromTimeSpan(TimeSpan.Zero) },
            });
            conversation = (await api.Ingest.IngestMentionAsync(new Wire.IngestMentionRequest { Mention = CareApi.Mention(tenant, "ann", "ann-0", "Where is my refund?") })).Conversation;
            await api.Ingest.IngestMentionAsync(new Wire.IngestMentionRequest { Mention = followUp });
            for (var i = 2; i <= 61; i++)
            {
                await api.Ingest.IngestMentionAsync(new Wire.IngestMentionRequest { Mention = CareApi.Mention(tenant, "ann", $"ann-{i}", $"Day {i}, still waiting") });
            }

            resolved = (await api.Ingest.IngestMentionAsync(new Wire.IngestMentionRequest { Mention = CareApi.Mention(tenant, "bob", "bob-0", "Refund for my seat?") })).Conversation;
            await api.Ingest.IngestMentionAsync(new Wire.IngestMentionRequest { Mention = resolvedFollowUp });
            await api.Conversations.ResolveConversationAsync(new Wire.ResolveConversationRequest { Name = resolved, AgentId = "jd" });
            await first.KillAsync();
        }

        await using var second = await HostProcess.StartAsync(connectionString, cluster, ports);
        var after = new CareApi(second.Channel);
        var again = await after.Ingest.IngestMentionAsync(new Wire.IngestMentionRequest { Mention = followUp });
        var intoResolved = await after.Ingest.IngestMentionAsync(new Wire.IngestMentionRequest { Mention = resolvedFollowUp });

        Assert.True(again.Duplicate);
        Assert.Equal(conversation, again.Conversation);
        Assert.Equal(62, (await after.ListHistoryAsync(conversation)).Count);
        Assert.True(intoResolved.Duplicate);
        Assert.Equal(resolved, intoResolved.Conversation);
        Assert.Equal([conversation], (await after.ListWholeQueueAsync(tenant)).Select(i => i.Conversation));
    }
}
