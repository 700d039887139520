using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SocialCare.Api.Access;
using SocialCare.Contracts;
using SocialCare.Domain.Access;
using SocialCare.Grains.Hosting;
using SocialCare.Grains.Abstractions.Hosting;
using SocialCare.Host;
using SocialCare.Testing.Networks;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace SocialCare.Api.Tests;

/// <summary>
/// The real host (silo + Kestrel) on free loopback ports, with a fake care clock, and a
/// Grpc.Net.Client channel to it.
/// </summary>
public class ApiFixture : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    public WebApplication App { get; private set; } = null!;

    /// <summary>A channel whose calls carry <see cref="DeskToken"/>.</summary>
    public GrpcChannel Channel { get; private set; } = null!;

    /// <summary>
    /// The suite's usual caller: every role on every tenant, so tests about care rules can name
    /// any agent (a supervisor acting for them is held to that agent's rules) and any tenant.
    /// </summary>
    public static readonly TokenSubject Desk = new(
        "test-desk",
        [CareClaims.EveryTenant],
        CareRoles.Operator | CareRoles.Admin | CareRoles.Supervisor | CareRoles.Agent | CareRoles.Connector | CareRoles.Auditor);

    public string DeskToken { get; private set; } = "";

    /// <summary>The webhook listener's base address (HTTP/1.1).</summary>
    public Uri WebhookAddress { get; private set; } = null!;

    /// <summary>Gives a tenant webhook secrets, as an operator would in configuration (read per request).</summary>
    public void SetWebhookSecrets(string tenant, string? xConsumerSecret, string? metaAppSecret, string? metaVerifyToken)
    {
        App.Configuration[$"SocialCare:Webhooks:Tenants:{tenant}:XConsumerSecret"] = xConsumerSecret;
        App.Configuration[$"SocialCare:Webhooks:Tenants:{tenant}:MetaAppSecret"] = metaAppSecret;
        App.Configuration[$"SocialCare:Webhooks:Tenants:{tenant}:MetaVerifyToken"] = metaVerifyToken;
        // Setting values raises no change; a reload does, and the webhooks read the new secrets.
        ((IConfigurationRoot)App.Configuration).Reload();
    }

    /// <summary>The host's http:// address, for clients other than Grpc.Net.Client.</summary>
    public string Address { get; private set; } = "";

    public Wire.IngestService.IngestServiceClient Ingest => new(Channel);

    public Wire.QueueService.QueueServiceClient Queues => new(Channel);

    public Wire.ConversationService.ConversationServiceClient Conversations => new(Channel);

    public Wire.AdminService.AdminServiceClient Admin => new(Channel);

    public Wire.CustomerService.CustomerServiceClient Customers => new(Channel);

    public Wire.DeliveryService.DeliveryServiceClient Deliveries => new(Channel);

    public Wire.SavedReplyService.SavedReplyServiceClient SavedReplies => new(Channel);

    public Wire.KnowledgeService.KnowledgeServiceClient Knowledge => new(Channel);

    public Wire.CarePolicyService.CarePolicyServiceClient CarePolicies => new(Channel);

    public async Task InitializeAsync()
    {
        App = SocialCareHost.Build([], builder =>
        {
            var settings = new Dictionary<string, string?>
            {
                ["SocialCare:GrpcEndpoint"] = "http://127.0.0.1:0",
                ["SocialCare:WebhookEndpoint"] = "http://127.0.0.1:0",
                ["SocialCare:SiloPort"] = LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["SocialCare:GatewayPort"] = LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["SocialCare:Grains:TenantCacheDuration"] = "00:00:00",
                // Every key is checked on every call, so a revoked or expired key is refused at once.
                ["SocialCare:Auth:ApiKeyCacheDuration"] = "00:00:00",
                ["Logging:LogLevel:Default"] = "Warning",
            };
            // A derived fixture's settings win over the suite's (an https endpoint, limits on).
            foreach (var (key, value) in Settings())
            {
                settings[key] = value;
            }

            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddKeyedSingleton<TimeProvider>(CareClock.Key, Clock);
            ConfigureServices(builder.Services);
        });
        await App.StartAsync();
        // In the order the host listens: the gRPC endpoint, then the webhooks'.
        var addresses = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
        Address = addresses[0];
        WebhookAddress = new Uri(addresses[1] + "/");
        DeskToken = Token(Desk);
        Channel = ChannelFor(CareCredential.Bearer(DeskToken));
    }

    /// <summary>
    /// Settings on top of the suite's. Rate limits count care time, which only the tests move,
    /// so the shared host has them off; <see cref="RateLimitedApiFixture"/> has them on.
    /// </summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [new("SocialCare:RateLimits:Enabled", "false")];

    /// <summary>A derived fixture's own parts in place of the host's (a classifier that fails, say).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public virtual async Task DisposeAsync()
    {
        Channel.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    /// <summary>A token signed with the host's key, valid for an hour of real time.</summary>
    public string Token(TokenSubject subject) =>
        App.Services.GetRequiredService<CareTokenIssuer>().Issue(subject, TimeSpan.FromHours(1)).Token;

    /// <summary>A channel to the host whose calls carry <paramref name="credential"/> (or none).</summary>
    public GrpcChannel ChannelFor(CareCredential? credential) =>
        credential is null ? GrpcChannel.ForAddress(Address) : credential.Channel(Address);

    public async Task<string> NewTenantAsync(Action<Wire.Tenant>? adjust = null)
    {
        var tenant = new Wire.Tenant { TenantId = $"t{Guid.NewGuid():N}"[..20], DisplayName = "Test brand" };
        adjust?.Invoke(tenant);
        var created = await Admin.CreateTenantAsync(new Wire.CreateTenantRequest { Tenant = tenant });
        return created.Tenant.TenantId;
    }

}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
