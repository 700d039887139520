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

        if (options.MaxSlaTimerDelay < TimeSpan.FromSeconds(1) || options.MaxSlaTimerDelay > TimeSpan.FromDays(20))
        {
            failures.Add($"{CareGrainOptions.Section}:MaxSlaTimerDelay must be between 1 second and 20 days.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
