using System.CommandLine;
using SocialCare.Testing.Networks;

namespace SocialCare.LoadTests.Commands;

/// <summary>
/// `stub-network`: X's, Graph's and WhatsApp's publishing endpoints on loopback, to try the
/// connector (and load-test replies) without real accounts. Prints each request it publishes.
/// </summary>
internal static class StubNetworkCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Loopback port to listen on (0 picks one).", DefaultValueFactory = _ => 5090 };
        var command = new Command("stub-network", "Serve a stub of the networks' APIs on 127.0.0.1 (X at /, Graph at /v23.0/) and print what it publishes, until Ctrl-C.") { port };
        command.SetAction(async (r, cancellation) =>
        {
            await using var network = await StubNetwork.StartAsync(r.GetValue(port));
            Console.WriteLine($"stub network on {network.Address}: point a connector's networks.x at {network.X} and networks.graph at {network.Graph}");
            var printed = 0;
            try
            {
                while (!cancellation.IsCancellationRequested)
                {
                    var published = network.Published;
                    for (; printed < published.Count; printed++)
                    {
                        var request = published[printed];
                        Console.WriteLine($"published {request.Answer}: POST /{request.Path} \"{request.Text}\"{(request.DeliveryId is null ? "" : $" (delivery {request.DeliveryId})")}");
                    }

                    await Task.Delay(200, cancellation);
                }
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C: the normal end.
            }

            return 0;
        });
        return command;
    }
}
