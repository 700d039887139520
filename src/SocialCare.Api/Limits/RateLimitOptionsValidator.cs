using Microsoft.Extensions.Options;

namespace SocialCare.Api.Limits;

/// <summary>Refuses limits that would refuse every call or none by accident, at start rather than at the first mention.</summary>
internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var failures = new List<string>();
        Check(nameof(RateLimitOptions.IngestPerCaller), options.IngestPerCaller, failures);
        Check(nameof(RateLimitOptions.IngestPerTenant), options.IngestPerTenant, failures);
        Check(nameof(RateLimitOptions.RepliesPerCaller), options.RepliesPerCaller, failures);
        Check(nameof(RateLimitOptions.RepliesPerTenant), options.RepliesPerTenant, failures);
        if (options.MaxTrackedCallers < 1)
        {
            failures.Add($"{RateLimitOptions.Section}:MaxTrackedCallers must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(string limitName, TokenBucketLimit? limit, List<string> failures)
    {
        if (limit is null || !double.IsFinite(limit.PerSecond) || limit.PerSecond <= 0 || limit.Burst < 1)
        {
            failures.Add($"{RateLimitOptions.Section}:{limitName} needs PerSecond > 0 and Burst >= 1 (set {RateLimitOptions.Section}:Enabled=false to turn limits off).");
        }
    }
}
