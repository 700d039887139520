using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SocialCare.Testing.Networks;

/// <summary>Free loopback ports for the servers a test starts (hosts, silos, stub networks).</summary>
public static class LoopbackPorts
{
    /// <summary>A port the kernel says is free now (another process may take it before the test binds it; tests that restart a silo on its ports pick theirs below the ephemeral range instead).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>As <see cref="Free"/>, written as a setting's value.</summary>
    public static string FreeAsText() => Free().ToString(CultureInfo.InvariantCulture);
}
