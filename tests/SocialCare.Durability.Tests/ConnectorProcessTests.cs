using System.Diagnostics;
using SocialCare.Testing.Networks;
using Xunit.Abstractions;

namespace SocialCare.Durability.Tests;

/// <summary>
/// The built-in connector as the separate process it is in production (`socialcare connector`):
/// killed with SIGKILL while it holds a delivery, it loses nothing; the next connector sends it
/// once its lease runs out.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ConnectorProcessTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private static string CliDirectory => HostProcess.HostDirectory.Replace(
        Path.Combine("src", "SocialCare.Host"), Path.Combine("src", "SocialCare.Cli"), StringComparison.Ordinal);

    [Fact]
    public async Task A_connector_process_killed_mid_lease_loses_nothing_and_the_next_one_sends_the_reply()
    {
        var connectionString = await postgres.NewDatabaseAsync();
        await using var host = await HostProcess.StartAsync(connectionString, $"conn-{Guid.NewGuid():N}"[..20], HostProcess.FreePorts(),
            new Dictionary<string, string> { ["SocialCare__Grains__DeliveryLease"] = "00:00:10" });
        var api = new CareApi(host.Channel);
        var tenant = await api.CreateTenantAsync($"conn{Guid.NewGuid():N}"[..16], TimeSpan.FromHours(1));
        await using var network = await StubNetwork.StartAsync();
        // The first connector's request hangs at the network: it holds the lease when it dies.
        network.Inject(new NetworkFault.Hang(TimeSpan.FromSeconds(30)));
        var config = Path.Combine(Path.GetTempPath(), $"connector-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(config, $$"""
            { "sender": "SENDER", "maxInFlight": 5,
              "networks": { "x": "{{network.X}}", "graph": "{{network.Graph}}", "timeout": "00:01:00" },
              "accounts": [ { "channel": "X", "accountId": "brand", "accessTokenEnvironment": "X_TOKEN" } ] }
            """);

        var opened = await api.Ingest.IngestMentionAsync(new Wire.IngestMentionRequest { Mention = CareApi.Mention(tenant, "ann", "t-1", "@brand where is my bag?") });
        var reply = await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = opened.Conversation, AgentId = "jd", Text = "Tracing it now." });
        var name = $"tenants/{tenant}/deliveries/{reply.Reply.Delivery.DeliveryId}";

        using var first = StartConnector(host, tenant, config, "connector-a");
        var held = await WaitForAsync(api, name, d => d.State == Wire.DeliveryState.Sending);
        Assert.Equal("connector-a", held.LeaseOwner);
        first.Kill(entireProcessTree: true);
        await first.WaitForExitAsync();

        using var second = StartConnector(host, tenant, config, "connector-b");
        var retaken = await WaitForAsync(api, name, d => d.Leases > held.Leases);
        Assert.True(retaken.State == Wire.DeliveryState.Sent || retaken.LeaseOwner == "connector-b", $"lease {retaken.Leases} went to {retaken.LeaseOwner}");
        try
        {
            var sent = await WaitForAsync(api, name, d => d.State == Wire.DeliveryState.Sent);
            output.WriteLine($"leases={sent.Leases} received at network={network.Received} published={network.Published.Count}");
            // At least once: a connector slower than its lease (a cold start) may publish it twice,
            // which is why senders pass the delivery id wherever a network takes one. Sent once, by id.
            Assert.NotEmpty(network.Published);
            Assert.All(network.Published, p => Assert.Equal(("Tracing it now.", "t-1"), (p.Text, p.Body.GetProperty("reply").GetProperty("in_reply_to_tweet_id").GetString())));
            Assert.Contains(sent.NetworkMessageId, network.Published.Select(p => p.Answer));
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
            output.WriteLine("connector-a: " + await first.StandardOutput.ReadToEndAsync() + await first.StandardError.ReadToEndAsync());
            output.WriteLine("connector-b: " + await second.StandardOutput.ReadToEndAsync() + await second.StandardError.ReadToEndAsync());
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(config)!, Path.GetFileNameWithoutExtension(config) + "*"))
            {
                File.Delete(file);
            }
        }
    }

    private static Process StartConnector(HostProcess host, string tenant, string config, string sender)
    {
        var senderConfig = config.Replace(".json", $"-{sender}.json", StringComparison.Ordinal);
        File.WriteAllText(senderConfig, File.ReadAllText(config).Replace("SENDER", sender, StringComparison.Ordinal));
        return ProcessRunner.Start(
            "dotnet",
            [Path.Combine(CliDirectory, "socialcare.dll"), "connector", "--config", senderConfig, "--endpoint", host.Endpoint, "--tenant", tenant],
            new Dictionary<string, string>
            {
                ["SOCIALCARE_TOKEN"] = HostProcess.DeskCredential.Value["Bearer ".Length..],
                ["X_TOKEN"] = "x-user-token",
                ["SOCIALCARE_CONFIG_DIR"] = Path.GetTempPath(),
            },
            CliDirectory);
    }

    private static Task<Wire.Delivery> WaitForAsync(CareApi api, string name, Func<Wire.Delivery, bool> done) =>
        Eventually.Get(
            async () => (await api.Deliveries.GetDeliveryAsync(new Wire.GetDeliveryRequest { Name = name })).Delivery,
            done,
            $"delivery {name} to change state",
            TimeSpan.FromSeconds(60),
            TimeSpan.FromMilliseconds(100));
}
