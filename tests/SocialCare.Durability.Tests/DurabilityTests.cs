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
}
