using Microsoft.Extensions.Time.Testing;
using SocialCare.Connectors.Delivery;
using SocialCare.Connectors.Listening;
using SocialCare.Testing.Networks;

namespace SocialCare.Api.Tests.Listening;

/// <summary>
/// The connector listens on X (the stub network's recent search, in X's documented v2 shapes) and
/// Instagram (its hashtag search, in the Graph API's shapes) for posts naming the brand without
/// its handle, with the tenant's tracking rules, and ingests them on the real host as keyword
/// mentions, each once.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ListeningTests(ApiFixture api) : IAsyncLifetime
{
    private StubNetwork _network = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _network = await StubNetwork.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _network.DisposeAsync();
    }

    private static readonly ListeningSettings EveryMinute = new() { Interval = TimeSpan.FromMinutes(1), MaxResults = 10 };

    [Fact]
    public async Task Posts_naming_the_brand_are_ingested_once_as_keyword_mentions_and_each_round_searches_from_the_last_post_seen()
    {
        var tenant = await api.NewTenantAsync(t => t.Tracking = new Wire.TrackingRules { Keywords = { "Acme Air", "lostbag" }, Exclusions = { "job" }, Languages = { "en" } });
        _network.PostOnX(
            new StubNetwork.XPost("1001", "u1", "ann", "Acme Air lost my bag again"),
            new StubNetwork.XPost("1002", "u2", "bo", "Acme Air is hiring, great job offer"),
            new StubNetwork.XPost("1003", "u3", "cy", "Acme Air a perdu ma valise", Lang: "fr"),
            new StubNetwork.XPost("1004", "9000", "acmeair", "Acme Air: winter sale"),
            new StubNetwork.XPost("1005", "u5", "dee", "@acmeair Acme Air cancelled my flight, unacceptable", MentionsId: "9000"));
        // Fifteen more than a page: the round reads every page since the last post seen.
        _network.PostOnX([.. Enumerable.Range(0, 15).Select(i => new StubNetwork.XPost((1100 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), $"w{i}", $"walker{i}", $"#lostbag day {i}"))]);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var listener = new XListener(api.Ingest, tenant, new AccountCredential { Channel = Domain.Conversations.Channel.X, AccountId = "9000", AccessToken = "x-app-token" },
            new NetworkEndpoints { X = _network.X, Graph = _network.Graph, Timeout = TimeSpan.FromSeconds(30) }, EveryMinute, _http, clock, lines.Enqueue);
        using var stop = new CancellationTokenSource();
        var running = listener.RunAsync(stop.Token);

        await Eventually.Get(() => Task.FromResult(listener.Ingested), n => n == 17, "the first round to ingest every matching post");
        var queue = (await api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}", PageSize = 100 })).Items;
        Assert.Equal(17, queue.Count);
        var ann = queue.Single(i => i.Preview == "Acme Air lost my bag again");
        // Found by search and not addressed: a keyword mention, proactive work at low priority.
        Assert.Equal(Wire.Priority.Low, ann.Priority);
        Assert.NotEqual(Wire.Priority.Low, queue.Single(i => i.Preview.StartsWith("@acmeair", StringComparison.Ordinal)).Priority);
        Assert.Equal("(\"Acme Air\" OR lostbag) -job lang:en -is:retweet -from:9000", _network.Searches[0]);

        _network.PostOnX(new StubNetwork.XPost("1200", "u6", "eve", "Acme Air delayed again"));
        await Eventually.Get(async () =>
        {
            clock.Advance(EveryMinute.Interval);
            await Task.Yield();
            return listener.Ingested;
        }, n => n == 18, "a later round to find the new post");
        stop.Cancel();
        await running;

        Assert.Equal(18, (await api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}", PageSize = 100 })).Items.Count);
        Assert.Contains(lines, l => l.StartsWith($"listening on X: tenant {tenant}: (", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rate_limited_search_waits_for_xs_reset_and_then_finds_the_posts()
    {
        var tenant = await api.NewTenantAsync(t => t.Tracking = new Wire.TrackingRules { Keywords = { "Acme Air" } });
        _network.PostOnX(new StubNetwork.XPost("2001", "u1", "ann", "Acme Air lost my bag"));
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _network.Inject(new NetworkFault.Status(429, """{"title":"Too Many Requests"}""", new Dictionary<string, string> { ["x-rate-limit-reset"] = clock.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var listener = new XListener(api.Ingest, tenant, new AccountCredential { Channel = Domain.Conversations.Channel.X, AccountId = "9000", AccessToken = "x-app-token" },
            new NetworkEndpoints { X = _network.X, Graph = _network.Graph, Timeout = TimeSpan.FromSeconds(30) }, EveryMinute, _http, clock, lines.Enqueue);
        using var stop = new CancellationTokenSource();
        var running = listener.RunAsync(stop.Token);

        // X's reset is a whole second, so the wait is a little under or at five minutes.
        await Eventually.Get(() => Task.FromResult(lines.Any(l => l.Contains("rate limited; searching again in 299 s", StringComparison.Ordinal) || l.Contains("rate limited; searching again in 300 s", StringComparison.Ordinal))), seen => seen, "the listener to read X's reset");
        // A minute is not enough: the listener waits for X's reset, five minutes.
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, listener.Ingested);
        await Eventually.Get(async () =>
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await Task.Yield();
            return listener.Ingested;
        }, n => n == 1, "the search after the reset");
        stop.Cancel();
        await running;
    }

    [Fact]
    public async Task Posts_under_the_brands_hashtags_are_ingested_once_each_as_their_own_keyword_mention()
    {
        var tenant = await api.NewTenantAsync(t => t.Tracking = new Wire.TrackingRules { Keywords = { "#AcmeAir", "Acme Air" } });
        _network.PostOnInstagram(
            new StubNetwork.InstagramPost("m1", "acmeair", "Stuck at the gate for three hours #AcmeAir"),
            new StubNetwork.InstagramPost("m2", "acmeair", "Best lounge ever #acmeair"),
            new StubNetwork.InstagramPost("m3", "othertag", "#othertag only"));
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var listener = new InstagramHashtagListener(api.Ingest, tenant, new AccountCredential { Channel = Domain.Conversations.Channel.Instagram, AccountId = "17841400000000001", AccessToken = "ig-token" },
            new NetworkEndpoints { X = _network.X, Graph = _network.Graph, Timeout = TimeSpan.FromSeconds(30) }, new ListeningSettings { Interval = TimeSpan.FromMinutes(1), MaxResults = 50 }, _http, clock, _ => { });
        using var stop = new CancellationTokenSource();
        var running = listener.RunAsync(stop.Token);

        await Eventually.Get(() => Task.FromResult(listener.Ingested), n => n == 2, "the posts under #AcmeAir");
        _network.PostOnInstagram(new StubNetwork.InstagramPost("m4", "acmeair", "Lost my bag #AcmeAir"));
        await Eventually.Get(async () =>
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await Task.Yield();
            return listener.Ingested;
        }, n => n == 3, "a later round to find the new post");
        stop.Cancel();
        await running;

        var queue = (await api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}", PageSize = 50 })).Items;
        Assert.Equal(3, queue.Count);
        Assert.All(queue, i => Assert.Equal((Wire.Channel.Instagram, Wire.Priority.Low), (i.Channel, i.Priority)));
        // The hashtag is looked up once per run: Instagram counts lookups against 30 hashtags a week.
        Assert.Equal(["AcmeAir"], _network.HashtagLookups);
        var post = (await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = queue.Single(i => i.Preview.StartsWith("Stuck", StringComparison.Ordinal)).Conversation })).Conversation.Messages.Single();
        Assert.Equal(("m1", "https://www.instagram.example/p/m1/"), (post.NetworkMessageId, post.Attachments.Single().Url));
    }
}
