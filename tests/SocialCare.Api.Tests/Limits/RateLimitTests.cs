using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using SocialCare.Api.Access;
using SocialCare.Contracts;
using SocialCare.Domain.Access;

namespace SocialCare.Api.Tests.Limits;

/// <summary>
/// A host whose limits are small enough to meet in a test: a connector may ingest 5 at once, a
/// tenant 8; an agent may reply twice at once, a tenant three times. The care clock stands
/// still unless a test moves it, so no bucket refills behind a test's back.
/// </summary>
public sealed class RateLimitedApiFixture : ApiFixture
{
    public const int CallerIngestBurst = 5;
    public const int TenantIngestBurst = 8;
    public const int CallerReplyBurst = 2;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("SocialCare:RateLimits:IngestPerCaller:PerSecond", "1"),
        new("SocialCare:RateLimits:IngestPerCaller:Burst", CallerIngestBurst.ToString(CultureInfo.InvariantCulture)),
        new("SocialCare:RateLimits:IngestPerTenant:PerSecond", "2"),
        new("SocialCare:RateLimits:IngestPerTenant:Burst", TenantIngestBurst.ToString(CultureInfo.InvariantCulture)),
        new("SocialCare:RateLimits:RepliesPerCaller:PerSecond", "1"),
        new("SocialCare:RateLimits:RepliesPerCaller:Burst", CallerReplyBurst.ToString(CultureInfo.InvariantCulture)),
        new("SocialCare:RateLimits:RepliesPerTenant:PerSecond", "1"),
        new("SocialCare:RateLimits:RepliesPerTenant:Burst", "3"),
    ];
}

[CollectionDefinition(Name)]
public sealed class RateLimitCollection : ICollectionFixture<RateLimitedApiFixture>
{
    public const string Name = "rate limits";
}

[Collection(RateLimitCollection.Name)]
public sealed class RateLimitTests(RateLimitedApiFixture api)
{
    private GrpcChannel As(string id, string tenant, CareRoles roles) =>
        api.ChannelFor(CareCredential.Bearer(api.Token(new TokenSubject(id, [tenant], roles))));

    private static async Task<(int Accepted, List<RpcException> Refused)> SendAsync(GrpcChannel channel, string tenant, int count)
    {
        var ingest = new Wire.IngestService.IngestServiceClient(channel);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            try
            {
                await ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, $"a-{Guid.NewGuid():N}"[..16], $"Flood {i}")));
                return null;
            }
            catch (RpcException refused)
            {
                return refused;
            }
        }));
        return (outcomes.Count(o => o is null), [.. outcomes.OfType<RpcException>()]);
    }

    private async Task<int> OpenConversationsAsync(string tenant) =>
        (await api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}", PageSize = 500 })).Items.Count;

    private static void AssertRetryLater(RpcException refused)
    {
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.True(long.Parse(refused.Trailers.GetValue("grpc-retry-pushback-ms")!, CultureInfo.InvariantCulture) > 0, refused.ToString());
        Assert.True(long.Parse(refused.Trailers.GetValue("retry-after")!, CultureInfo.InvariantCulture) >= 1, refused.ToString());
    }

    [Fact]
    public async Task A_flood_from_one_tenant_is_refused_with_a_wait_while_another_tenant_is_served_in_full()
    {
        var flooding = await api.NewTenantAsync();
        var quiet = await api.NewTenantAsync();
        using var first = As("x-connector", flooding, CareRoles.Connector);
        using var second = As("meta-connector", flooding, CareRoles.Connector);
        using var other = As("quiet-connector", quiet, CareRoles.Connector);

        // Two connectors of one tenant send 20 at once (each within its own burst for 5 of them),
        // while the other tenant's connector sends its 5.
        var floods = Task.WhenAll(SendAsync(first, flooding, 10), SendAsync(second, flooding, 10));
        var calm = await SendAsync(other, quiet, RateLimitedApiFixture.CallerIngestBurst);
        var flood = await floods;

        Assert.Equal((RateLimitedApiFixture.CallerIngestBurst, 0), (calm.Accepted, calm.Refused.Count));
        Assert.Equal(RateLimitedApiFixture.TenantIngestBurst, flood.Sum(f => f.Accepted));
        var refused = flood.SelectMany(f => f.Refused).ToList();
        Assert.Equal(20 - RateLimitedApiFixture.TenantIngestBurst, refused.Count);
        refused.ForEach(AssertRetryLater);
        Assert.Contains(refused, r => r.Status.Detail.Contains($"tenant \"{flooding}\"", StringComparison.Ordinal));

        // What was refused was not stored; what was accepted was.
        Assert.Equal(RateLimitedApiFixture.TenantIngestBurst, await OpenConversationsAsync(flooding));
        Assert.Equal(RateLimitedApiFixture.CallerIngestBurst, await OpenConversationsAsync(quiet));
    }

    [Fact]
    public async Task One_connector_past_its_own_limit_waits_the_time_it_was_told_and_is_then_served()
    {
        var tenant = await api.NewTenantAsync();
        using var connector = As("chatty-connector", tenant, CareRoles.Connector);
        var (accepted, refused) = await SendAsync(connector, tenant, RateLimitedApiFixture.CallerIngestBurst + 2);
        Assert.Equal(RateLimitedApiFixture.CallerIngestBurst, accepted);
        Assert.Equal(2, refused.Count);
        refused.ForEach(AssertRetryLater);
        Assert.Contains("caller chatty-connector", refused[0].Status.Detail, StringComparison.Ordinal);

        // Another connector of the same tenant still has the tenant's remaining room.
        using var colleague = As("calm-connector", tenant, CareRoles.Connector);
        Assert.Equal(1, (await SendAsync(colleague, tenant, 1)).Accepted);

        api.Clock.Advance(TimeSpan.FromMilliseconds(long.Parse(refused[0].Trailers.GetValue("grpc-retry-pushback-ms")!, CultureInfo.InvariantCulture)));
        Assert.Equal(1, (await SendAsync(connector, tenant, 1)).Accepted);
    }

    [Fact]
    public async Task On_the_ingest_stream_a_mention_past_the_limit_is_rejected_with_its_wait_and_the_stream_goes_on()
    {
        var tenant = await api.NewTenantAsync();
        using var connector = As("stream-connector", tenant, CareRoles.Connector);
        using var call = new Wire.IngestService.IngestServiceClient(connector).IngestMentions();
        var sent = RateLimitedApiFixture.CallerIngestBurst + 3;
        for (var i = 0; i < sent; i++)
        {
            await call.RequestStream.WriteAsync(new Wire.IngestMentionsRequest { CorrelationId = i.ToString(CultureInfo.InvariantCulture), Mention = Requests.Mention(tenant, $"s-{i}", "Still waiting") });
        }

        await call.RequestStream.CompleteAsync();
        var responses = new List<Wire.IngestMentionsResponse>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            responses.Add(response);
        }

        Assert.Equal(sent, responses.Count);
        Assert.Equal(RateLimitedApiFixture.CallerIngestBurst, responses.Count(r => r.Accepted is not null));
        var rejected = responses.Where(r => r.Rejected is not null).Select(r => r.Rejected).ToList();
        Assert.Equal(3, rejected.Count);
        Assert.All(rejected, r => Assert.Equal(("RESOURCE_EXHAUSTED", (int)StatusCode.ResourceExhausted), (r.Status, r.Code)));
        Assert.All(rejected, r => Assert.True(r.RetryAfter.ToTimeSpan() > TimeSpan.Zero));
        Assert.Equal(RateLimitedApiFixture.CallerIngestBurst, await OpenConversationsAsync(tenant));
    }

    [Fact]
    public async Task Replies_past_an_agents_limit_are_refused_and_not_stored()
    {
        var tenant = await api.NewTenantAsync();
        var conversation = (await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann", "Where is my refund?")))).Conversation;
        using var agent = As("jd", tenant, CareRoles.Agent);
        var conversations = new Wire.ConversationService.ConversationServiceClient(agent);
        for (var i = 0; i < RateLimitedApiFixture.CallerReplyBurst; i++)
        {
            await conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = conversation, Text = $"Looking into it ({i})." });
        }

        var refused = await Expect.Fails(conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = conversation, Text = "One more." }), StatusCode.ResourceExhausted);
        AssertRetryLater(refused);
        var stored = await conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = conversation });
        Assert.Equal(1 + RateLimitedApiFixture.CallerReplyBurst, stored.Conversation.MessageCount);
    }

    [Fact]
    public async Task An_agent_past_the_reply_limit_in_one_tenant_does_not_refuse_the_same_handle_in_another()
    {
        var flooded = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        var floodedConversation = (await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(flooded, "ann", "Where is my refund?")))).Conversation;
        var otherConversation = (await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(other, "bob", "Where is my bag?")))).Conversation;
        using var floodingAgent = As("jd", flooded, CareRoles.Agent);
        using var otherAgent = As("jd", other, CareRoles.Agent);
        var flooding = new Wire.ConversationService.ConversationServiceClient(floodingAgent);
        for (var i = 0; i < RateLimitedApiFixture.CallerReplyBurst; i++)
        {
            await flooding.PostReplyAsync(new Wire.PostReplyRequest { Name = floodedConversation, Text = $"Looking into it ({i})." });
        }

        await Expect.Fails(flooding.PostReplyAsync(new Wire.PostReplyRequest { Name = floodedConversation, Text = "One more." }), StatusCode.ResourceExhausted);

        var answered = await new Wire.ConversationService.ConversationServiceClient(otherAgent)
            .PostReplyAsync(new Wire.PostReplyRequest { Name = otherConversation, Text = "Your bag is on its way." });
        Assert.Equal(otherConversation, answered.Conversation.Name);
    }
}
