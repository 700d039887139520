using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Serialization;
using Orleans.TestingHost;
using SocialCare.Domain.Tenants;
using SocialCare.Grains.Hosting;
using SocialCare.Grains.Abstractions.Hosting;
using SocialCare.Grains.Abstractions.Tenants;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace SocialCare.Grains.Tests;

/// <summary>
/// One in-process test cluster for the whole assembly, with a fake care clock. Tests run one
/// at a time (moving the clock affects every conversation) and each uses its own tenant.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    /// <summary>
    /// Small, so a test with a long queue reaches beyond the shards' heads; no other test puts
    /// more than this many conversations in one team.
    /// </summary>
    public const int QueueShardHeadSize = 8;

    private TestCluster? _cluster;

    /// <summary>The one silo's journal, for tests that check what was stored.</summary>
    internal static OutOfMemoryAfterStoring Journal { get; } = new(new Journal.InMemoryConversationJournal());

    public IGrainFactory Grains => _cluster!.GrainFactory;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>How many recent network message ids an author remembers in this cluster.</summary>
    public const int RememberedMentions = 8;

    public async Task<TenantSettings> NewTenantAsync(Func<TenantSettings, TenantSettings>? adjust = null)
    {
        var id = $"t{Guid.NewGuid():N}"[..20];
        var settings = TenantSettings.Starter(id, "Test brand");
        return await Grains.GetGrain<ITenantGrain>(id).CreateAsync(adjust is null ? settings : adjust(settings));
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddCareInMemoryStorage();
            siloBuilder.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("SocialCare"));
            siloBuilder.Services.AddSingleton<Journal.IConversationJournal>(Journal);
            siloBuilder.Services.AddSocialCareGrains(o =>
            {
                o.TenantCacheDuration = TimeSpan.Zero;
                o.SlaWarningRefresh = TimeSpan.FromMilliseconds(100);
                o.QueueShardHeadSize = QueueShardHeadSize;
                // Small (a production author remembers 1,000), so that tests reach the journal's
                // rule for redeliveries the author no longer remembers.
                o.RememberedMentionsPerAuthor = RememberedMentions;
            });
            siloBuilder.Services.AddKeyedSingleton<TimeProvider>(CareClock.Key, Clock);
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("SocialCare"));
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
