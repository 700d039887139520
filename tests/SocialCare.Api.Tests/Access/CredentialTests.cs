using System.Text;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SocialCare.Api.Access;
using SocialCare.Contracts;
using SocialCare.Domain.Access;

namespace SocialCare.Api.Tests.Access;

/// <summary>Tokens and API keys that must not get in, and the ones that must.</summary>
[Collection(ApiCollection.Name)]
public sealed class CredentialTests(ApiFixture api)
{
    private static readonly CareRoles Everything = CareRoles.Agent | CareRoles.Supervisor | CareRoles.Admin | CareRoles.Auditor | CareRoles.Connector;

    private byte[] HostKey => api.App.Services.GetRequiredService<IOptions<CareAuthOptions>>().Value.SigningKeyBytes()!;

    private async Task<RpcException> RefusedAsync(CareCredential credential)
    {
        using var channel = api.ChannelFor(credential);
        var ex = await Assert.ThrowsAsync<RpcException>(() => new Wire.AuthService.AuthServiceClient(channel).WhoAmIAsync(new Wire.WhoAmIRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        return ex;
    }

    private string Signed(byte[] key, string issuer = "socialcare", string audience = "socialcare", TokenSubject? subject = null, TimeSpan? expiresIn = null) =>
        CareTokenIssuer.Sign(key, issuer, audience, subject ?? new TokenSubject("ann", ["demo"], Everything), DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow + (expiresIn ?? TimeSpan.FromHours(1)));

    [Fact]
    public async Task A_token_signed_by_the_host_is_read_back_with_its_claims()
    {
        var token = api.Token(new TokenSubject("ann", ["demo"], CareRoles.Agent, ["first-line"], AgentLocation.Remote, "Ann", "^AN"));
        using var channel = api.ChannelFor(CareCredential.Bearer(token));
        var me = await new Wire.AuthService.AuthServiceClient(channel).WhoAmIAsync(new Wire.WhoAmIRequest());
        Assert.Equal((Wire.CallerKind.Person, "ann", "ann", "Ann", "^AN", Wire.AgentLocation.Remote), (me.Kind, me.CallerId, me.AgentId, me.DisplayName, me.Signature, me.Location));
        Assert.Equal(["demo"], me.TenantIds);
        Assert.Equal([Wire.Role.Agent], me.Roles);
        Assert.Equal(["first-line"], me.TeamIds);
    }

    [Fact]
    public async Task An_expired_token_is_refused_saying_so()
    {
        var ex = await RefusedAsync(CareCredential.Bearer(Signed(HostKey, expiresIn: TimeSpan.FromMinutes(-5))));
        Assert.Contains("expired", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        var ex = await RefusedAsync(CareCredential.Bearer(Signed(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))));
        Assert.Contains("signature", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_of_another_issuer_or_audience_is_refused()
    {
        Assert.Contains("issuer", (await RefusedAsync(CareCredential.Bearer(Signed(HostKey, issuer: "someone-else")))).Status.Detail, StringComparison.Ordinal);
        Assert.Contains("audience", (await RefusedAsync(CareCredential.Bearer(Signed(HostKey, audience: "another-app")))).Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsigned_token_with_alg_none_is_refused()
    {
        static string Part(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var unsigned = $"{Part("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{Part($"{{\"sub\":\"eve\",\"tenant\":\"*\",\"role\":\"operator\",\"iss\":\"socialcare\",\"aud\":\"socialcare\",\"exp\":{exp}}}")}.";
        await RefusedAsync(CareCredential.Bearer(unsigned));
    }

    [Theory]
    [InlineData("253402300800")]
    [InlineData("99999999999999999")]
    [InlineData("253402300800.5")]
    public async Task A_validly_signed_token_whose_expiry_is_past_year_9999_is_refused(string exp)
    {
        static string Part(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var unsigned = $"{Part(Encoding.UTF8.GetBytes("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"))}.{Part(Encoding.UTF8.GetBytes($"{{\"sub\":\"ann\",\"tenant\":\"demo\",\"role\":\"agent\",\"iss\":\"socialcare\",\"aud\":\"socialcare\",\"iat\":{now},\"nbf\":{now},\"exp\":{exp}}}"))}";
        var signature = Part(System.Security.Cryptography.HMACSHA256.HashData(HostKey, Encoding.ASCII.GetBytes(unsigned)));
        var ex = await RefusedAsync(CareCredential.Bearer($"{unsigned}.{signature}"));
        Assert.Contains("exp", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_naming_no_tenant_is_refused_naming_the_claim()
    {
        var ex = await RefusedAsync(CareCredential.Bearer(Signed(HostKey, subject: new TokenSubject("ann", [], Everything))));
        Assert.Contains("tenant", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbage_in_place_of_a_token_or_key_is_refused()
    {
        await RefusedAsync(CareCredential.Bearer("not-a-token"));
        await RefusedAsync(CareCredential.ApiKey("not-a-key"));
        await RefusedAsync(CareCredential.ApiKey("sck.demo.0123456789abcdef.wrong-secret"));
    }

    [Fact]
    public async Task An_api_key_works_until_revoked_and_its_secret_is_never_shown_again()
    {
        var tenant = await api.NewTenantAsync();
        var created = await api.Admin.CreateApiKeyAsync(new Wire.CreateApiKeyRequest
        {
            Parent = $"tenants/{tenant}",
            ApiKey = new Wire.ApiKey { DisplayName = "X connector", Roles = { Wire.Role.Connector } },
        });
        using (var channel = api.ChannelFor(CareCredential.ApiKey(created.Secret)))
        {
            var me = await new Wire.AuthService.AuthServiceClient(channel).WhoAmIAsync(new Wire.WhoAmIRequest());
            Assert.Equal((Wire.CallerKind.ApiKey, $"key:{created.ApiKey.KeyId}"), (me.Kind, me.CallerId));
            var ingested = await new Wire.IngestService.IngestServiceClient(channel).IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann", "Hello?")));
            Assert.True(ingested.NewConversation);
        }

        var listed = await api.Admin.ListApiKeysAsync(new Wire.ListApiKeysRequest { Parent = $"tenants/{tenant}" });
        Assert.Equal(created.ApiKey.KeyId, Assert.Single(listed.ApiKeys).KeyId);
        Assert.DoesNotContain(created.Secret.Split('.')[^1], listed.ToString(), StringComparison.Ordinal);

        var revoked = await api.Admin.RevokeApiKeyAsync(new Wire.RevokeApiKeyRequest { Name = created.ApiKey.Name });
        Assert.Equal(ApiFixture.Desk.AgentId, revoked.ApiKey.Revoker);
        await RefusedAsync(CareCredential.ApiKey(created.Secret));
    }

    [Fact]
    public async Task An_api_key_past_its_expiry_is_refused()
    {
        var tenant = await api.NewTenantAsync();
        var created = await api.Admin.CreateApiKeyAsync(new Wire.CreateApiKeyRequest
        {
            Parent = $"tenants/{tenant}",
            ApiKey = new Wire.ApiKey
            {
                DisplayName = "Partner trial",
                Roles = { Wire.Role.Auditor },
                ExpireTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(api.Clock.GetUtcNow().AddHours(1)),
            },
        });
        using var channel = api.ChannelFor(CareCredential.ApiKey(created.Secret));
        await new Wire.AuthService.AuthServiceClient(channel).WhoAmIAsync(new Wire.WhoAmIRequest());
        api.Clock.Advance(TimeSpan.FromHours(2));
        await RefusedAsync(CareCredential.ApiKey(created.Secret));
    }

    [Fact]
    public async Task An_api_key_of_one_tenant_finds_nothing_of_another()
    {
        var tenant = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        var created = await api.Admin.CreateApiKeyAsync(new Wire.CreateApiKeyRequest
        {
            Parent = $"tenants/{tenant}",
            ApiKey = new Wire.ApiKey { DisplayName = "Connector", Roles = { Wire.Role.Connector, Wire.Role.Agent } },
        });
        using var channel = api.ChannelFor(CareCredential.ApiKey(created.Secret));
        await Expect.Fails(new Wire.IngestService.IngestServiceClient(channel).IngestMentionAsync(Requests.Ingest(Requests.Mention(other, "ann", "Hello?"))), StatusCode.NotFound, "mention.tenant_id");
        await Expect.Fails(new Wire.QueueService.QueueServiceClient(channel).ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{other}" }), StatusCode.NotFound, "parent");
    }

    [Fact]
    public async Task A_key_cannot_be_given_the_operator_role_or_a_team_the_tenant_lacks()
    {
        var tenant = await api.NewTenantAsync();
        await Expect.Fails(api.Admin.CreateApiKeyAsync(new Wire.CreateApiKeyRequest { Parent = $"tenants/{tenant}", ApiKey = new Wire.ApiKey { DisplayName = "x", Roles = { Wire.Role.Operator } } }), StatusCode.InvalidArgument, "api_key.roles");
        await Expect.Fails(api.Admin.CreateApiKeyAsync(new Wire.CreateApiKeyRequest { Parent = $"tenants/{tenant}", ApiKey = new Wire.ApiKey { DisplayName = "x", Roles = { Wire.Role.Agent }, TeamIds = { "nowhere" } } }), StatusCode.NotFound, "api_key.team_ids[0]");
        await Expect.Fails(api.Admin.CreateApiKeyAsync(new Wire.CreateApiKeyRequest { Parent = $"tenants/{tenant}", ApiKey = new Wire.ApiKey { DisplayName = "x" } }), StatusCode.InvalidArgument, "api_key.roles");
    }

    [Fact]
    public async Task A_development_token_is_issued_to_this_machine_for_the_demo_tenant()
    {
        using var anonymous = api.ChannelFor(null);
        var issued = await new Wire.AuthService.AuthServiceClient(anonymous).IssueDevelopmentTokenAsync(new Wire.IssueDevelopmentTokenRequest { AgentId = "jd" });
        using var channel = api.ChannelFor(CareCredential.Bearer(issued.Token));
        var me = await new Wire.AuthService.AuthServiceClient(channel).WhoAmIAsync(new Wire.WhoAmIRequest());
        Assert.Equal(("jd", "demo"), (me.AgentId, Assert.Single(me.TenantIds)));
        Assert.DoesNotContain(Wire.Role.Operator, me.Roles);
    }
}
