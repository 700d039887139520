using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Deliveries;

namespace SocialCare.Connectors.Delivery;

/// <summary>
/// A connector's delivery loop: streams a tenant's due deliveries for the channels it has senders
/// and accounts for, publishes each on its network, and reports the outcome. Losing the stream
/// (the host restarted, a silo drained) reconnects with backoff; a report that cannot be made is
/// retried until the delivery's lease runs out, after which the outbox gives the delivery to the
/// next sender anyway. Killed at any point, it loses nothing: unreported deliveries come back.
/// </summary>
public sealed class DeliveryWorker(
    Wire.DeliveryService.DeliveryServiceClient deliveries,
    string tenantId,
    ConnectorSettings settings,
    IReadOnlyList<INetworkSender> senders,
    TimeProvider clock,
    Action<string> log)
{
    private static readonly TimeSpan FirstReconnectDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(10);

    private long _sent;
    private long _failed;

    /// <summary>Called after each report is acknowledged, with the delivery id and the state it left (for benchmarks and tests).</summary>
    public Action<string, Wire.DeliveryState>? Reported { get; init; }

    /// <summary>Deliveries reported sent by this worker.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Deliveries reported as failed tries (retryable, rejected or rate limited).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var byChannel = senders.SelectMany(s => s.Channels.Select(c => (Channel: c, Sender: s))).ToDictionary(p => p.Channel, p => p.Sender);
        var channels = settings.Credentials.Select(c => c.Channel).Where(byChannel.ContainsKey).Distinct().ToList();
        var request = new Wire.StreamDeliveriesRequest { Parent = $"tenants/{tenantId}", Sender = settings.Sender, MaxInFlight = settings.MaxInFlight };
        request.Channels.AddRange(channels.Select(c => (Wire.Channel)(int)c));
        var delay = FirstReconnectDelay;
        var inFlight = new List<Task>();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var stream = deliveries.StreamDeliveries(request, cancellationToken: cancellationToken);
                log($"streaming deliveries of tenant {tenantId} for {string.Join(", ", channels)} as {settings.Sender}");
                while (await stream.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
                {
                    delay = FirstReconnectDelay;
                    inFlight.RemoveAll(t => t.IsCompleted);
                    inFlight.Add(DeliverAsync(stream.ResponseStream.Current.Delivery, byChannel, cancellationToken));
                }
            }
            catch (RpcException lost) when (!cancellationToken.IsCancellationRequested && lost.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Cancelled or StatusCode.DeadlineExceeded or StatusCode.Unknown)
            {
                log($"delivery stream lost ({lost.StatusCode}); reconnecting in {delay.TotalMilliseconds:0} ms");
            }
            catch (Exception stopped) when (stopped is OperationCanceledException or RpcException && cancellationToken.IsCancellationRequested)
            {
                break;
            }

            try
            {
                await Task.Delay(delay, clock, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxReconnectDelay.Ticks));
        }

        try
        {
            await Task.WhenAll(inFlight).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped mid-report: those deliveries return to the outbox when their leases run out.
        }
    }

    private async Task DeliverAsync(Wire.Delivery delivery, IReadOnlyDictionary<Channel, INetworkSender> byChannel, CancellationToken cancellationToken)
    {
        var channel = (Channel)(int)delivery.Channel;
        var credential = settings.Credentials.FirstOrDefault(c => c.Channel == channel && c.AccountId == delivery.AccountId)
            ?? (delivery.AccountId.Length == 0 ? settings.Credentials.FirstOrDefault(c => c.Channel == channel) : null);
        SendResult result;
        if (credential is null || !byChannel.TryGetValue(channel, out var sender))
        {
            result = SendResult.Rejected($"no connector holds credentials for {channel} account \"{delivery.AccountId}\"");
        }
        else
        {
            var reply = new OutboundReply(
                delivery.DeliveryId,
                channel,
                credential.AccountId,
                delivery.Visibility == Wire.Visibility.Private ? Visibility.Private : Visibility.Public,
                delivery.InReplyToId.Length == 0 ? null : delivery.InReplyToId,
                delivery.RecipientId.Length == 0 ? null : delivery.RecipientId,
                delivery.Text,
                delivery.AnswersPrivateMessage,
                delivery.RetractsNetworkMessageId.Length == 0 ? null : delivery.RetractsNetworkMessageId);
            try
            {
                result = await sender.SendAsync(reply, credential, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping: the delivery returns to the outbox when its lease runs out.
                return;
            }
        }

        Interlocked.Increment(ref result.Outcome == DeliveryOutcome.Sent ? ref _sent : ref _failed);
        await ReportAsync(delivery, result, cancellationToken).ConfigureAwait(false);
    }

    private async Task ReportAsync(Wire.Delivery delivery, SendResult result, CancellationToken cancellationToken)
    {
        var report = new Wire.ReportDeliveryRequest
        {
            Name = delivery.Name,
            Outcome = (Wire.DeliveryOutcome)(int)result.Outcome,
            NetworkMessageId = result.NetworkMessageId ?? "",
            Reason = result.Reason ?? "",
            RetryAfter = result.RetryAfter is { } wait ? Duration.FromTimeSpan(wait) : null,
        };
        var leaseEnds = delivery.DueTime?.ToDateTimeOffset() ?? clock.GetUtcNow();
        var delay = FirstReconnectDelay;
        while (true)
        {
            try
            {
                var answer = await deliveries.ReportDeliveryAsync(report, cancellationToken: cancellationToken).ConfigureAwait(false);
                Reported?.Invoke(delivery.DeliveryId, answer.Delivery.State);
                log($"{delivery.DeliveryId}: {result.Outcome}{(result.NetworkMessageId is null ? "" : $" as {result.NetworkMessageId}")}{(result.Reason is null ? "" : $" ({result.Reason})")} -> {answer.Delivery.State}");
                return;
            }
            catch (RpcException refused) when (refused.StatusCode is StatusCode.InvalidArgument or StatusCode.NotFound or StatusCode.PermissionDenied or StatusCode.Unauthenticated)
            {
                log($"{delivery.DeliveryId}: report refused ({refused.StatusCode}: {refused.Status.Detail})");
                return;
            }
            catch (RpcException unreachable) when (!cancellationToken.IsCancellationRequested && clock.GetUtcNow() + delay < leaseEnds)
            {
                log($"{delivery.DeliveryId}: report failed ({unreachable.StatusCode}); retrying");
                await Task.Delay(delay, clock, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxReconnectDelay.Ticks));
            }
            catch (RpcException) when (!cancellationToken.IsCancellationRequested)
            {
                // The lease is over: the outbox hands the delivery to a sender again, which may
                // publish it a second time (the network id of this try is lost with the report).
                log($"{delivery.DeliveryId}: report abandoned when its lease ran out");
                return;
            }
        }
    }
}
