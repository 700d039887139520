using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace SocialCare.Host.Health;

/// <summary>
/// Ready needs the database: a silo that cannot reach PostgreSQL cannot store what it would
/// acknowledge, so a load balancer should send the call to a silo that can. One round trip on
/// the silo's own pool, bounded so a hung database fails the probe instead of hanging it.
/// </summary>
internal sealed class DatabaseHealthCheck(NpgsqlDataSource database) : IHealthCheck
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(Bound);
        try
        {
            await using var command = database.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(bounded.Token);
            return HealthCheckResult.Healthy("PostgreSQL answers.");
        }
        catch (Exception failed) when (failed is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            // Said without the connection string: probes' answers are readable by whoever can reach the port.
            return HealthCheckResult.Unhealthy(bounded.IsCancellationRequested && !cancellationToken.IsCancellationRequested
                ? $"PostgreSQL did not answer within {Bound.TotalSeconds:0} s."
                : $"PostgreSQL is unreachable ({failed.GetType().Name}).");
        }
    }
}
