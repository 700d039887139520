using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Grpc.Health.V1;
using Grpc.Net.Client;
using SocialCare.Api.Access;
using SocialCare.Contracts;
using SocialCare.Domain.Access;

namespace SocialCare.Durability.Tests;

/// <summary>A SocialCare host in its own OS process, on the PostgreSQL profile and free loopback ports.</summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _log = new();

    private HostProcess(Process process, string endpoint)
    {
        _process = process;
        Endpoint = endpoint;
        Channel = DeskCredential.Channel(endpoint);
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Endpoint { get; }

    public bool HasExited => _process.HasExited;

    public GrpcChannel Channel { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static string HostDirectory => PostgresFixture.HostDirectory;

    /// <summary>Every silo of a test cluster signs and checks tokens with this key, as a real deployment's silos share theirs.</summary>
    public static readonly byte[] SigningKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);

    /// <summary>
    /// The suite's caller: every role on every tenant, so tests about durability can create
    /// tenants and name any agent.
    /// </summary>
    public static readonly CareCredential DeskCredential = Credential(
        new TokenSubject("durability-desk", [CareClaims.EveryTenant], CareRoles.Operator | CareRoles.Admin | CareRoles.Supervisor | CareRoles.Agent | CareRoles.Connector | CareRoles.Auditor));

    /// <summary>A token the test cluster accepts, for a caller of the test's choosing.</summary>
    public static CareCredential Credential(TokenSubject subject) => CareCredential.Bearer(CareTokenIssuer.Sign(
        SigningKey,
        "socialcare",
        "socialcare",
        subject,
        DateTimeOffset.UtcNow,
        DateTimeOffset.UtcNow.AddHours(6)));

    public static Dictionary<string, string> Environment(string connectionString, string clusterId) => new()
    {
        ["SocialCare__Auth__SigningKey"] = Convert.ToBase64String(SigningKey),
        ["SocialCare__Storage"] = "Postgres",
        ["ConnectionStrings__SocialCare"] = connectionString,
        ["SocialCare__ClusterId"] = clusterId,
        ["SocialCare__ServiceId"] = clusterId,
        ["Logging__LogLevel__Default"] = "Warning",
    };

    /// <summary>Free loopback ports for one silo: gRPC, silo-to-silo, gateway.</summary>
    public static (int Grpc, int Silo, int Gateway) FreePorts() => (FreePort(), FreePort(), FreePort());

    /// <param name="ports">
    /// A restarted silo reuses its ports, as a real deployment's configuration does: Orleans then
    /// retires the killed process's membership entry at once instead of waiting for failure detection.
    /// </param>
    /// <param name="settings">More host settings as environment variables (e.g. membership timings).</param>
    public static async Task<HostProcess> StartAsync(
        string connectionString,
        string clusterId,
        (int Grpc, int Silo, int Gateway) ports,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var grpcPort = ports.Grpc;
        var environment = Environment(connectionString, clusterId);
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        environment["SocialCare__GrpcEndpoint"] = $"http://127.0.0.1:{grpcPort.ToString(CultureInfo.InvariantCulture)}";
        environment["SocialCare__SiloPort"] = ports.Silo.ToString(CultureInfo.InvariantCulture);
        environment["SocialCare__GatewayPort"] = ports.Gateway.ToString(CultureInfo.InvariantCulture);
        var process = ProcessRunner.Start("dotnet", [Path.Combine(HostDirectory, "SocialCare.Host.dll")], environment, HostDirectory);
        var host = new HostProcess(process, $"http://127.0.0.1:{grpcPort.ToString(CultureInfo.InvariantCulture)}");
        await host.WaitUntilServingAsync(TimeSpan.FromSeconds(90));
        return host;
    }

    /// <summary>Failure detection in seconds rather than the production minute, so cluster tests stay short.</summary>
    public static IReadOnlyDictionary<string, string> FastMembership { get; } = new Dictionary<string, string>
    {
        ["SocialCare__Membership__ProbeTimeout"] = "00:00:01",
        ["SocialCare__Membership__NumMissedProbesLimit"] = "2",
        ["SocialCare__Membership__NumVotesForDeathDeclaration"] = "2",
        ["SocialCare__Membership__IAmAliveTablePublishTimeout"] = "00:00:05",
        ["SocialCare__Membership__TableRefreshTimeout"] = "00:00:02",
    };

    /// <summary>SIGTERM, as Kubernetes stops a pod: the silo drains and leaves. Returns how long it took to exit.</summary>
    public async Task<TimeSpan> TerminateAsync(TimeSpan bound)
    {
        var started = Stopwatch.StartNew();
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(bound);
        await _process.WaitForExitAsync(timeout.Token);
        return started.Elapsed;
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>SIGKILL: no chance to flush anything, as when a machine dies.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private async Task WaitUntilServingAsync(TimeSpan timeout)
    {
        var health = new Health.HealthClient(Channel);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with {_process.ExitCode}:\n{Log}");
            }

            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (Grpc.Core.RpcException)
            {
                // Not listening yet.
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"The host did not serve within {timeout}:\n{Log}");
            }

            await Task.Delay(200);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    /// <summary>
    /// A port below the kernel's ephemeral range (32768 and up on Linux), free when chosen. A
    /// restarted host binds its ports again after the killed one let them go; a port the kernel
    /// hands out as the source of outgoing connections (every other test's clients) could be
    /// taken in between, and the restart then failed with "address already in use".
    /// </summary>
    public static int FreePort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }

        throw new InvalidOperationException("No free port between 20000 and 32000 on the loopback address.");
    }
}
