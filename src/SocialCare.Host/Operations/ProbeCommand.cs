namespace SocialCare.Host.Operations;

/// <summary>
/// `probe live|ready`: asks this host's own operations endpoint, for a container's HEALTHCHECK
/// (the runtime image has no curl). Exit 0 when healthy, 1 when not or unreachable, 2 when there
/// is no operations endpoint to ask.
/// </summary>
internal static class ProbeCommand
{
    public static async Task<int> RunAsync(IConfiguration configuration, string[] args)
    {
        var which = args.Length > 0 ? args[0] : "ready";
        var path = which switch
        {
            "live" => OperationsEndpoints.LivePath,
            "ready" => OperationsEndpoints.ReadyPath,
            _ => throw new HostConfigurationException($"probe takes live or ready, not \"{which}\"."),
        };
        var hosting = configuration.GetSection(HostingOptions.Section).Get<HostingOptions>() ?? new HostingOptions();
        var endPoint = HostingOptionsReader.OperationsEndPoint(hosting)
            ?? throw new HostConfigurationException($"probe needs {HostingOptions.Section}:OperationsEndpoint.");
        // A wildcard listen address is reached on loopback from inside the container.
        var host = endPoint.Address.Equals(System.Net.IPAddress.Any) || endPoint.Address.Equals(System.Net.IPAddress.IPv6Any) ? "127.0.0.1" : endPoint.Address.ToString();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(new UriBuilder("http", host, endPoint.Port, path).Uri);
            Console.WriteLine($"{which}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception unreachable) when (unreachable is HttpRequestException or TaskCanceledException)
        {
            Console.WriteLine($"{which}: unreachable ({unreachable.Message})");
            return 1;
        }
    }
}
