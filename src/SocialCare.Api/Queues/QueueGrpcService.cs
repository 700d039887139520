using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using SocialCare.Api.Access;
using SocialCare.Api.Common;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Queues;
using SocialCare.Grains.Abstractions;
using SocialCare.Grains.Abstractions.Queues;

namespace SocialCare.Api.Queues;

public sealed class QueueGrpcService(IGrainFactory grains, IHostApplicationLifetime lifetime, TimeProvider time) : Wire.QueueService.QueueServiceBase
{
    public const int DefaultPageSize = 50;

    /// <summary>Well inside the shards' watch lease, so a live watch never lapses.</summary>
    private static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(30);

    private IQueueReaderGrain Reader => grains.GetGrain<IQueueReaderGrain>(0);

    public override async Task<Wire.ListQueueResponse> ListQueue(Wire.ListQueueRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = ResourceNames.ParseQueueParent("parent", request.Parent);
        context.Caller().RequireTeamScope(scope.TeamId, "parent");
        var pageSize = Paging.PageSize(request.PageSize, DefaultPageSize);
        QueuePosition? after = null;
        if (request.PageToken.Length > 0)
        {
            after = QueuePosition.TryParseToken(request.PageToken, out var position)
                ? position
                : throw CareException.Invalid("page_token", "is not a token from a previous ListQueue response.");
        }

        var page = await Reader.ListAsync(scope, after, pageSize, new QueueFilter(request.UnassignedOnly, request.AwaitingApprovalOnly));
        var response = new Wire.ListQueueResponse { NextPageToken = page.Next?.ToToken() ?? "" };
        response.Items.AddRange(page.Items.Select(i => i.ToProto(scope.TenantId)));
        return response;
    }

    public override async Task WatchQueue(Wire.WatchQueueRequest request, IServerStreamWriter<Wire.WatchQueueResponse> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        var scope = ResourceNames.ParseQueueParent("parent", request.Parent);
        context.Caller().RequireTeamScope(scope.TeamId, "parent");
        var shards = (await Reader.ShardKeysAsync(scope)).Select(key => grains.GetCareGrain<IQueueShardGrain>(key)).ToList();

        // Host shutdown ends watches at once, so a graceful stop does not wait on idle consoles.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var watch = new QueueWatch();
        var observer = grains.CreateObjectReference<IQueueObserver>(watch);
        try
        {
            await Task.WhenAll(shards.Select(s => s.SubscribeAsync(observer)));
            await responseStream.WriteAsync(
                new Wire.WatchQueueResponse { Type = Wire.QueueEventType.Subscribed, EventTime = Timestamp.FromDateTimeOffset(time.GetUtcNow()) },
                stop.Token);
            var renewals = RenewAsync(shards, observer, stop.Token);
            try
            {
                await foreach (var change in watch.Changes.ReadAllAsync(stop.Token))
                {
                    if ((request.AwaitingApprovalOnly ? ApprovalsView(change) : change) is { } shown)
                    {
                        await responseStream.WriteAsync(shown.ToProto(scope.TenantId), stop.Token);
                    }
                }
            }
            finally
            {
                await stop.CancelAsync();
                await renewals;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The console disconnected or the host is stopping: the normal end of a watch.
        }
        finally
        {
            await Task.WhenAll(shards.Select(s => UnsubscribeQuietlyAsync(s, observer)));
            grains.DeleteObjectReference<IQueueObserver>(observer);
        }
    }

    /// <summary>
    /// A queue change as the approvals queue sees it: a reply starting to wait is an addition,
    /// one decided a removal, other changes to a waiting conversation updates, and changes to
    /// conversations with nothing waiting are not its business (null).
    /// </summary>
    private static QueueChange? ApprovalsView(QueueChange change)
    {
        if (change.Item.AwaitingApproval)
        {
            return change.Reason == QueueChangeReason.ApprovalRequested ? change with { Kind = QueueChangeKind.Added } : change;
        }

        return change.Reason is QueueChangeReason.ReplyApproved or QueueChangeReason.ReplyRejected
            ? change with { Kind = QueueChangeKind.Removed }
            : null;
    }

    public override async Task<Wire.GetWaitEstimateResponse> GetWaitEstimate(Wire.GetWaitEstimateRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = ResourceNames.ParseQueueParent("parent", request.Parent);
        context.Caller().RequireTeamScope(scope.TeamId, "parent");
        var estimate = await Reader.EstimateWaitAsync(scope);
        return new Wire.GetWaitEstimateResponse
        {
            EstimatedWait = Duration.FromTimeSpan(estimate.EstimatedWait),
            Basis = estimate.Measured ? Wire.WaitEstimateBasis.Measured : Wire.WaitEstimateBasis.Policy,
            Backlog = estimate.Backlog,
            SampleCount = estimate.SampleCount,
            ComputeTime = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
        };
    }

    private static async Task RenewAsync(IReadOnlyList<IQueueShardGrain> shards, IQueueObserver observer, CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(RenewEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellation))
            {
                await Task.WhenAll(shards.Select(s => s.SubscribeAsync(observer)));
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The watch ended.
        }
    }

    private static async Task UnsubscribeQuietlyAsync(IQueueShardGrain shard, IQueueObserver observer)
    {
        try
        {
            await shard.UnsubscribeAsync(observer);
        }
        catch (Exception ex) when (ex is TimeoutException or Orleans.Runtime.OrleansException)
        {
            // The lease expires the subscription anyway.
        }
    }
}
