using Microsoft.Extensions.Options;

namespace SocialCare.Api.Deliveries;

/// <summary>How delivery streams look for work, bound from "SocialCare:Deliveries".</summary>
public sealed class DeliveryStreamOptions
{
    public const string Section = "SocialCare:Deliveries";

    /// <summary>
    /// How often an idle stream asks the outbox for due deliveries. A reply posted through this
    /// host wakes its tenant's streams at once; this bounds the wait for one posted through
    /// another host, a retry coming due, or a lease running out.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>In-flight deliveries per stream when the sender does not say.</summary>
    public int DefaultMaxInFlight { get; set; } = 20;
}

internal sealed class DeliveryStreamOptionsValidator : IValidateOptions<DeliveryStreamOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryStreamOptions options)
    {
        var failures = new List<string>();
        if (options.PollInterval < TimeSpan.FromMilliseconds(10) || options.PollInterval > TimeSpan.FromSeconds(30))
        {
            failures.Add($"{DeliveryStreamOptions.Section}:PollInterval must be between 10 milliseconds and 30 seconds.");
        }

        if (options.DefaultMaxInFlight is < 1 or > DeliveryStreams.MaxInFlight)
        {
            failures.Add($"{DeliveryStreamOptions.Section}:DefaultMaxInFlight must be 1..{DeliveryStreams.MaxInFlight}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
