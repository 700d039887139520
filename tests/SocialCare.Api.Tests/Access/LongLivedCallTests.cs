using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SocialCare.Api.Access;
using SocialCare.Contracts;
using SocialCare.Domain.Access;

namespace SocialCare.Api.Tests.Access;

/// <summary>
/// A credential is not only checked when a stream opens: a revoked key or an expired token ends
/// every stream it opened with UNAUTHENTICATED, however quiet or busy the stream is.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LongLivedCallTests(ApiFixture api)
{
    /// <summary>Long enough for the host's re-check (every second here) and a slow machine; never reached when the code is right.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <summary>Reads the stream until it ends and returns how it ended.</summary>
    private static async Task<RpcException> EndOfAsync<T>(IAsyncStreamReader<T> stream)
    {
        using var timeout = new CancellationTokenSource(Bound);
        try
        {
            while (await stream.MoveNext(timeout.Token))
            {
            }
        }
        catch (RpcException ended)
        {
            return ended;
        }

        throw new InvalidOperationException("The stream ended with OK; it should have ended UNAUTHENTICATED.");
    }

    [Fact]
    public async Task Revoking_a_key_ends_its_watch_its_ingest_stream_and_its_delivery_stream()
    {
        var tenant = await api.NewTenantAsync();
        var created = await api.Admin.CreateApiKeyAsync(new Wire.CreateApiKeyRequest
        {
            Parent = $"tenants/{tenant}",
            ApiKey = new Wire.ApiKey { DisplayName = "desk and connector", Roles = { Wire.Role.Connector, Wire.Role.Agent } },
        });
        using var channel = api.ChannelFor(CareCredential.ApiKey(created.Secret));
        using var timeout = new CancellationTokenSource(Bound);
        using var watch = new Wire.QueueService.QueueServiceClient(channel).WatchQueue(new Wire.WatchQueueRequest { Parent = $"tenants/{tenant}" }, cancellationToken: timeout.Token);
        await watch.ResponseStream.NextAsync(e => e.Type == Wire.QueueEventType.Subscribed, timeout.Token);
        using var deliveries = new Wire.DeliveryService.DeliveryServiceClient(channel).StreamDeliveries(new Wire.StreamDeliveriesRequest { Parent = $"tenants/{tenant}", Sender = "x-sender" }, cancellationToken: timeout.Token);
        using var ingest = new Wire.IngestService.IngestServiceClient(channel).IngestMentions(cancellationToken: timeout.Token);
        await ingest.RequestStream.WriteAsync(new Wire.IngestMentionsRequest { CorrelationId = "1", Mention = Requests.Mention(tenant, "ann", "Where is my bag?") });
        var answered = await ingest.ResponseStream.NextAsync(r => r.CorrelationId == "1", timeout.Token);
        Assert.NotNull(answered.Accepted);

        await api.Admin.RevokeApiKeyAsync(new Wire.RevokeApiKeyRequest { Name = created.ApiKey.Name });

        foreach (var ended in await Task.WhenAll(EndOfAsync(watch.ResponseStream), EndOfAsync(deliveries.ResponseStream), EndOfAsync(ingest.ResponseStream)))
        {
            Assert.Equal(StatusCode.Unauthenticated, ended.StatusCode);
            Assert.Contains("revoked", ended.Status.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_token_that_expires_while_its_watch_is_open_ends_the_watch()
    {
        var tenant = await api.NewTenantAsync();
        var options = api.App.Services.GetRequiredService<IOptions<CareAuthOptions>>().Value;
        var now = DateTimeOffset.UtcNow;
        // Accepted now, refused from two seconds on: tokens are accepted ClockSkew past their expiry.
        var token = CareTokenIssuer.Sign(
            options.SigningKeyBytes()!, options.Issuer, options.Audience, new TokenSubject("ann", [tenant], CareRoles.Agent),
            now.AddMinutes(-10), now + TimeSpan.FromSeconds(2) - options.ClockSkew);
        using var channel = api.ChannelFor(CareCredential.Bearer(token));
        using var timeout = new CancellationTokenSource(Bound);
        using var watch = new Wire.QueueService.QueueServiceClient(channel).WatchQueue(new Wire.WatchQueueRequest { Parent = $"tenants/{tenant}" }, cancellationToken: timeout.Token);
        await watch.ResponseStream.NextAsync(e => e.Type == Wire.QueueEventType.Subscribed, timeout.Token);

        var ended = await EndOfAsync(watch.ResponseStream);

        Assert.Equal(StatusCode.Unauthenticated, ended.StatusCode);
        Assert.Contains("expired", ended.Status.Detail, StringComparison.Ordinal);
    }
}
