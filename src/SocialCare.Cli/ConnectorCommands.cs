using System.CommandLine;
using SocialCare.Connectors.Delivery;

namespace SocialCare.Cli;

/// <summary>The built-in connector: publishes a tenant's replies on X, the Graph API and WhatsApp.</summary>
internal static class ConnectorCommands
{
    public static Command Connector(Option<string> tenant)
    {
        var config = new Option<FileInfo>("--config")
        {
            Description = "Connector settings (JSON): sender name, maxInFlight, network endpoints, and the brand accounts with their tokens (see deploy/connector.example.json).",
            Required = true,
        };
        var command = new Command(
            "connector",
            "Send the tenant's replies to the networks until stopped (Ctrl-C). Needs the connector role (an API key with role connector). "
            + "A killed connector loses nothing: what it held unreported returns to the outbox when the leases run out.") { config };
        command.SetAction(async (r, ct) =>
        {
            var settings = ConnectorSettings.Load(r.GetValue(config)!.FullName, Environment.GetEnvironmentVariable);
            using var client = CareCommands.Client(r);
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var senders = NetworkSenders.All(http, settings.Networks, TimeProvider.System);
            var worker = new DeliveryWorker(client.Deliveries, r.GetValue(tenant)!, settings, senders, TimeProvider.System, line => Console.WriteLine(line));
            // Listening, when set, searches X as each X account and Instagram's hashtags as each
            // Instagram account, beside the deliveries.
            var x = new List<Connectors.Listening.XListener>();
            var instagram = new List<Connectors.Listening.InstagramHashtagListener>();
            if (settings.Listening is { } listening)
            {
                void Log(string line) => Console.WriteLine(line);
                foreach (var credential in settings.Credentials)
                {
                    if (credential.Channel == Domain.Conversations.Channel.X)
                    {
                        x.Add(new(client.Ingest, r.GetValue(tenant)!, credential, settings.Networks, listening, http, TimeProvider.System, Log));
                    }
                    else if (credential.Channel == Domain.Conversations.Channel.Instagram)
                    {
                        instagram.Add(new(client.Ingest, r.GetValue(tenant)!, credential, settings.Networks, listening, http, TimeProvider.System, Log));
                    }
                }
            }

            await Task.WhenAll([worker.RunAsync(ct), .. x.Select(l => l.RunAsync(ct)), .. instagram.Select(l => l.RunAsync(ct))]);
            var found = x.Sum(l => l.Ingested) + instagram.Sum(l => l.Ingested);
            Console.WriteLine($"stopped: {worker.Sent} sent, {worker.Failed} failed tries{(settings.Listening is null ? "" : $"; {found} posts found by listening")}");
            return 0;
        });
        return command;
    }
}
