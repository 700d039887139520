using SocialCare.Grains.Hosting;

namespace SocialCare.Grains.Tests;

/// <summary>Memory settings that would fail later or do nothing are refused at start-up, naming the setting.</summary>
public sealed class MemoryOptionsTests
{
    private const string Setting = "SocialCare:Memory:HeapLimitMegabytes";

    [Fact]
    public void The_options_validator_refuses_what_the_host_refuses_and_takes_the_defaults()
    {
        var validator = new CareMemoryOptionsValidator();

        Assert.True(validator.Validate(null, new CareMemoryOptions()).Succeeded);
        Assert.True(validator.Validate(null, new CareMemoryOptions { HeapLimitMegabytes = CareMemoryOptions.SmallestHeapLimitMegabytes }).Succeeded);
        var small = validator.Validate(null, new CareMemoryOptions { HeapLimitMegabytes = 255 });
        Assert.True(small.Failed);
        Assert.Contains($"{Setting} must be 0 (the runtime's own limit) or at least 256 (is 255)", small.FailureMessage, StringComparison.Ordinal);
        var shedding = validator.Validate(null, new CareMemoryOptions { ShedAtPercent = 70, ShedToPercent = 70 });
        Assert.Contains("SocialCare:Memory:ShedToPercent", shedding.FailureMessage, StringComparison.Ordinal);
        var age = validator.Validate(null, new CareMemoryOptions { AuthorCollectionAge = TimeSpan.FromMinutes(1) });
        Assert.Contains("SocialCare:Memory:AuthorCollectionAge must be longer than CollectionQuantum", age.FailureMessage, StringComparison.Ordinal);
    }
}
