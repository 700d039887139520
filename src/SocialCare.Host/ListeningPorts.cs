using System.Net;
using System.Net.Sockets;

namespace SocialCare.Host;

/// <summary>
/// Checks, before anything starts, that every address this silo listens on is free. Kestrel and
/// Orleans would otherwise fail half-way through starting, with a hundred lines of stack traces
/// for what is one fact: another process (often another silo) holds the port.
/// </summary>
internal static class ListeningPorts
{
    public sealed class InUseException(string message) : Exception(message);

    public static void RequireFree(IConfiguration configuration)
    {
        var (options, grpc, _, _, webhooks) = HostingOptionsReader.Read(configuration);
        var silo = IPAddress.Parse(options.SiloAddress);
        var listeners = new List<(string Setting, IPEndPoint EndPoint)>
        {
            ("GrpcEndpoint", grpc),
            ("SiloPort", new IPEndPoint(silo, options.SiloPort)),
            ("GatewayPort", new IPEndPoint(silo, options.GatewayPort)),
        };
        if (webhooks is { } hooks)
        {
            listeners.Add(("WebhookEndpoint", hooks.EndPoint));
        }

        if (HostingOptionsReader.OperationsEndPoint(options) is { } operations)
        {
            listeners.Add(("OperationsEndpoint", operations));
        }

        foreach (var (setting, endPoint) in listeners.Where(l => l.EndPoint.Port != 0))
        {
            var listener = new TcpListener(endPoint);
            try
            {
                listener.Start();
            }
            catch (SocketException taken) when (taken.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                throw InUse(setting, endPoint.ToString());
            }
            catch (SocketException)
            {
                // Not ours to judge here (an address this machine lacks, a privileged port): the
                // listener that needs it says so in its own words.
            }
            finally
            {
                listener.Stop();
            }
        }
    }

    public static InUseException InUse(string setting, string address) => new(
        $"{address} ({HostingOptions.Section}:{setting}) is in use by another process, often another silo on this machine. "
        + $"Stop it, or give this silo free ports: {HostingOptions.Section}__GrpcEndpoint, __SiloPort and __GatewayPort (see README, Run a cluster).");
}
