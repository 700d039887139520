namespace SocialCare.Connectors.Delivery;

/// <summary>The built-in senders, one per network API, sharing one HTTP client.</summary>
public static class NetworkSenders
{
    public static IReadOnlyList<INetworkSender> All(HttpClient http, NetworkEndpoints endpoints, TimeProvider clock) =>
    [
        new XSender(http, endpoints, clock),
        new GraphSender(http, endpoints, clock),
        new WhatsAppSender(http, endpoints, clock),
    ];
}
