using Microsoft.Extensions.Options;

namespace SocialCare.Grains.Hosting;

internal sealed class CareGrainOptionsValidator : IValidateOptions<CareGrainOptions>
{
    public ValidateOptionsResult Validate(string? name, CareGrainOptions options)
    {
        var failures = new List<string>();
        if (options.QueueShardsPerTeam is < 1 or > 256)
        {
            failures.Add($"{CareGrainOptions.Section}:QueueShardsPerTeam must be 1..256 (is {options.QueueShardsPerTeam}).");
        }

        if (options.TenantCacheDuration < TimeSpan.Zero || options.TenantCacheDuration > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{CareGrainOptions.Section}:TenantCacheDuration must be 0..10 minutes.");
        }

        if (options.RememberedMentionsPerAuthor < 1)
        {
            failures.Add($"{CareGrainOptions.Section}:RememberedMentionsPerAuthor must be at least 1.");
        }

        if (options.WaitSamplesPerShard < 1)
        {
            failures.Add($"{CareGrainOptions.Section}:WaitSamplesPerShard must be at least 1.");
        }

        if (options.WatchLease < TimeSpan.FromSeconds(10))
        {
            failures.Add($"{CareGrainOptions.Section}:WatchLease must be at least 10 seconds.");
        }

        if (options.SlaSweepInterval < TimeSpan.FromMilliseconds(100) || options.SlaSweepInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{CareGrainOptions.Section}:SlaSweepInterval must be between 100 milliseconds and 1 minute.");
        }

        if (options.QueueShardHeadSize is < 2 or > 1_000_000)
        {
            failures.Add($"{CareGrainOptions.Section}:QueueShardHeadSize must be 2..1000000.");
        }

        if (options.SlaWarningWindow <= TimeSpan.Zero || options.SlaWarningWindow > TimeSpan.FromDays(7))
        {
            failures.Add($"{CareGrainOptions.Section}:SlaWarningWindow must be more than 0 and at most 7 days.");
        }

        if (options.SlaWarningRefresh < TimeSpan.FromMilliseconds(100) || options.SlaWarningRefresh > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{CareGrainOptions.Section}:SlaWarningRefresh must be between 100 milliseconds and 10 minutes.");
        }

        if (options.SlaSweepBatchSize is < 1 or > 10_000)
        {
            failures.Add($"{CareGrainOptions.Section}:SlaSweepBatchSize must be 1..10000.");
        }

        if (options.AuditRetention != TimeSpan.Zero && options.AuditRetention < TimeSpan.FromDays(1))
        {
            failures.Add($"{CareGrainOptions.Section}:AuditRetention must be 0 (keep forever) or at least 1 day.");
        }

        if (options.AuditSegmentSize is < 1 or > 1_000_000)
        {
            failures.Add($"{CareGrainOptions.Section}:AuditSegmentSize must be 1..1000000.");
        }

        if (options.AuditRetentionInterval < TimeSpan.FromMinutes(1) || options.AuditRetentionInterval > TimeSpan.FromDays(1))
        {
            failures.Add($"{CareGrainOptions.Section}:AuditRetentionInterval must be between 1 minute and 1 day.");
        }

        if (options.DeliveryRetryFirstDelay < TimeSpan.FromMilliseconds(10) || options.DeliveryRetryFirstDelay > options.DeliveryRetryMaxDelay)
        {
            failures.Add($"{CareGrainOptions.Section}:DeliveryRetryFirstDelay must be at least 10 milliseconds and at most DeliveryRetryMaxDelay.");
        }

        if (options.DeliveryRetryMaxDelay > TimeSpan.FromHours(6))
        {
            failures.Add($"{CareGrainOptions.Section}:DeliveryRetryMaxDelay must be at most 6 hours (a reply waiting longer has lost its point).");
        }

        if (options.DeliveryLease < TimeSpan.FromSeconds(1) || options.DeliveryLease > TimeSpan.FromMinutes(30))
        {
            failures.Add($"{CareGrainOptions.Section}:DeliveryLease must be between 1 second and 30 minutes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
