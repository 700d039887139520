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
            // Listening, when set, searches X as each X account, beside the deliveries.
            var listeners = settings.Listening is { } listening
                ? settings.Credentials.Where(c => c.Channel == Domain.Conversations.Channel.X)
                    .Select(c => new Connectors.Listening.XListener(client.Ingest, r.GetValue(tenant)!, c, settings.Networks, listening, http, TimeProvider.System, line => Console.WriteLine(line)))
                    .ToList()
                : [];
            await Task.WhenAll([worker.RunAsync(ct), .. listeners.Select(l => l.RunAsync(ct))]);
            Console.WriteLine($"stopped: {worker.Sent} sent, {worker.Failed} failed tries{(listeners.Count == 0 ? "" : $"; {listeners.Sum(l => l.Ingested)} posts found by listening, {listeners.Sum(l => l.NotTaken)} not taken by the tracking rules")}");
            return 0;
        });
        return command;
    }
}
