using Microsoft.Extensions.Configuration;
using SocialCare.Host;
using SocialCare.Host.Operations;

namespace SocialCare.Api.Tests.Operations;

/// <summary>
/// A heap limit the host cannot work within stops it before the silo starts, with one line
/// naming the setting (the options' validator, tested with the grains, says the same words).
/// </summary>
public sealed class MemorySettingsTests
{
    private const string Setting = "SocialCare:Memory:HeapLimitMegabytes";

    [Theory]
    [InlineData("255", "must be 0 (the runtime's own limit) or at least 256 (is 255)")]
    [InlineData("1", "must be 0 (the runtime's own limit) or at least 256 (is 1)")]
    [InlineData("lots", "\"lots\" is not a whole number of megabytes")]
    [InlineData("-512", "\"-512\" is not a whole number of megabytes")]
    public void A_heap_limit_the_host_cannot_use_stops_it_naming_the_setting(string value, string said)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new KeyValuePair<string, string?>(Setting, value)])
            .Build();

        var refused = Assert.Throws<HostConfigurationException>(() => MemoryLimit.Apply(configuration));

        Assert.Contains(Setting, refused.Message, StringComparison.Ordinal);
        Assert.Contains(said, refused.Message, StringComparison.Ordinal);
    }
}
