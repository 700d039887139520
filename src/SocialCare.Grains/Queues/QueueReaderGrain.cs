using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Queues;
using SocialCare.Domain.Tenants;
using SocialCare.Domain.Triage;
using SocialCare.Grains.Hosting;
using SocialCare.Grains.Abstractions.Hosting;
using SocialCare.Grains.Tenants;
using SocialCare.Grains.Abstractions;
using SocialCare.Grains.Abstractions.Queues;

namespace SocialCare.Grains.Queues;

[StatelessWorker]
internal sealed class QueueReaderGrain(
    ITenantDirectory tenants,
    IOptions<CareGrainOptions> options,
    [FromKeyedServices(CareClock.Key)] TimeProvider clock) : Grain, IQueueReaderGrain
{
    public async Task<QueuePage> ListAsync(QueueScope scope, QueuePosition? after, int pageSize, QueueFilter filter)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var shards = Shards(await tenants.GetAsync(scope.TenantId), scope);
        // One more than a page tells whether another page follows.
        var heads = await Task.WhenAll(shards.Select(s => s.ListAsync(after, pageSize + 1, filter)));
        var merged = QueueMerge.TakeInOrder(heads, pageSize + 1);
        if (merged.Count <= pageSize)
        {
            return new QueuePage(merged, null);
        }

        merged.RemoveAt(pageSize);
        return new QueuePage(merged, merged[^1].Position);
    }

    public async Task<WaitEstimate> EstimateWaitAsync(QueueScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var settings = await tenants.GetAsync(scope.TenantId);
        var stats = await Task.WhenAll(Shards(settings, scope).Select(s => s.GetStatsAsync()));
        return WaitEstimator.Estimate(
            [.. stats.SelectMany(s => s.RecentFirstResponses)],
            stats.Sum(s => s.Backlog),
            clock.GetUtcNow(),
            settings.SlaPolicy.For(Priority.Normal).FirstResponse);
    }

    public async Task<IReadOnlyList<string>> ShardKeysAsync(QueueScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return [.. ShardKeys(await tenants.GetAsync(scope.TenantId), scope)];
    }

    private IEnumerable<IQueueShardGrain> Shards(TenantSettings settings, QueueScope scope) =>
        ShardKeys(settings, scope).Select(key => GrainFactory.GetCareGrain<IQueueShardGrain>(key));

    private IEnumerable<string> ShardKeys(TenantSettings settings, QueueScope scope)
    {
        if (scope.TeamId is not null && !settings.HasTeam(scope.TeamId))
        {
            throw CareException.NotFound($"Team \"{scope.TeamId}\" of tenant \"{scope.TenantId}\"");
        }

        var teams = scope.TeamId is null ? settings.Teams.Select(t => t.TeamId) : [scope.TeamId];
        var shards = options.Value.QueueShardsPerTeam;
        return teams.SelectMany(team => GrainKeys.TeamQueueShards(scope.TenantId, team, shards));
    }
}
