using System.Net;
using System.Net.Sockets;
using SocialCare.Testing.Networks;

namespace SocialCare.Deployment.Tests;

/// <summary>What a newcomer sees when a silo cannot start: one line saying why, and an exit code, never a stack trace.</summary>
public sealed class StartupMessageTests
{
    [Theory]
    [InlineData("SocialCare__GrpcEndpoint", "GrpcEndpoint")]
    [InlineData("SocialCare__SiloPort", "SiloPort")]
    public async Task A_port_another_process_holds_is_named_in_one_line_with_exit_code_4(string variable, string setting)
    {
        // Another process's listener, as a second silo started with the first one's ports meets.
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var environment = new Dictionary<string, string>
            {
                ["SocialCare__GrpcEndpoint"] = $"http://127.0.0.1:{LoopbackPorts.FreeAsText()}",
                ["SocialCare__SiloPort"] = LoopbackPorts.FreeAsText(),
                ["SocialCare__GatewayPort"] = LoopbackPorts.FreeAsText(),
            };
            environment[variable] = variable == "SocialCare__GrpcEndpoint" ? $"http://127.0.0.1:{port}" : port;

            var (code, output, error) = await ProcessRunner.RunAsync("dotnet", [Path.Combine(PostgresFixture.HostDirectory, "SocialCare.Host.dll")], TimeSpan.FromMinutes(1), environment, PostgresFixture.HostDirectory);

            Assert.Equal(4, code);
            var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains($"127.0.0.1:{port} (SocialCare:{setting}) is in use by another process", line, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
        }
        finally
        {
            taken.Stop();
        }
    }
}
