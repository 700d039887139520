using Grpc.Core;
using SocialCare.Contracts;

namespace SocialCare.Durability.Tests;

/// <summary>
/// The cluster recipe's way in: the signing key lives in a file made once, every silo reads it,
/// and `SocialCare.Host token` signs an operator's token with it, which a silo restarted from the
/// same file still accepts (nobody is signed out by a restart).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OperatorTokenTests(PostgresFixture postgres) : IDisposable
{
    private readonly DirectoryInfo _keys = Directory.CreateTempSubdirectory("socialcare-keys-");

    public void Dispose() => _keys.Delete(recursive: true);

    private string KeyFile(string name)
    {
        var path = Path.Combine(_keys.FullName, name);
        File.WriteAllText(path, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) + "\n");
        return path;
    }

    private static async Task<string> IssueAsync(string keyFile, params string[] args)
    {
        var (code, output, error) = await ProcessRunner.RunAsync(
            "dotnet",
            [Path.Combine(HostProcess.HostDirectory, "SocialCare.Host.dll"), "token", .. args],
            TimeSpan.FromMinutes(1),
            new Dictionary<string, string> { ["SocialCare__Auth__SigningKeyFile"] = keyFile },
            HostProcess.HostDirectory);
        Assert.True(code == 0, $"token exited {code}:\n{output}\n{error}");
        return output.Trim();
    }

    [Fact]
    public async Task An_operators_token_signed_from_the_key_file_opens_the_cluster_and_survives_a_restart()
    {
        var connectionString = await postgres.NewDatabaseAsync();
        var cluster = $"token-{Guid.NewGuid():N}"[..20];
        var ports = HostProcess.FreePorts();
        var keyFile = KeyFile("signing.key");
        // The recipe's silos: the key from the file alone, and no development tokens.
        var settings = new Dictionary<string, string> { ["SocialCare__Auth__SigningKey"] = "", ["SocialCare__Auth__SigningKeyFile"] = keyFile };
        var token = await IssueAsync(keyFile, "--agent", "ops", "--role", "operator", "--role", "admin", "--tenant", "*");
        var stranger = await IssueAsync(KeyFile("another.key"), "--agent", "ops", "--role", "operator", "--tenant", "*");
        var tenant = $"tok{Guid.NewGuid():N}"[..16];

        await using (var first = await HostProcess.StartAsync(connectionString, cluster, ports, settings))
        {
            using var channel = CareCredential.Bearer(token).Channel(first.Endpoint);
            var me = await new Wire.AuthService.AuthServiceClient(channel).WhoAmIAsync(new Wire.WhoAmIRequest());
            Assert.Equal("ops", me.CallerId);
            Assert.Equal(["*"], me.TenantIds);
            await new Wire.AdminService.AdminServiceClient(channel).CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = new Wire.Tenant { TenantId = tenant } });

            using var anonymous = Grpc.Net.Client.GrpcChannel.ForAddress(first.Endpoint);
            var refused = await Assert.ThrowsAsync<RpcException>(() => new Wire.AuthService.AuthServiceClient(anonymous).IssueDevelopmentTokenAsync(new Wire.IssueDevelopmentTokenRequest { TenantId = tenant }).ResponseAsync);
            Assert.NotEqual(StatusCode.OK, refused.StatusCode);
            await first.TerminateAsync(TimeSpan.FromSeconds(60));
        }

        await using var second = await HostProcess.StartAsync(connectionString, cluster, ports, settings);
        using var again = CareCredential.Bearer(token).Channel(second.Endpoint);
        var stored = await new Wire.AdminService.AdminServiceClient(again).GetTenantAsync(new Wire.GetTenantRequest { Name = $"tenants/{tenant}" });
        Assert.Equal(tenant, stored.Tenant.TenantId);

        using var other = CareCredential.Bearer(stranger).Channel(second.Endpoint);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => new Wire.AuthService.AuthServiceClient(other).WhoAmIAsync(new Wire.WhoAmIRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, unknown.StatusCode);
    }
}
