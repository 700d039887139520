using Orleans.Runtime;
using SocialCare.Grains.Conversations;
using SocialCare.Grains.Abstractions.Conversations;
using SocialCare.Grains.Abstractions.Customers;
using SocialCare.Grains.Abstractions;

namespace SocialCare.Grains.Tests;

/// <summary>References made from remembered types name the grain Orleans itself would.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GrainReferenceTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Remembered_references_match_the_factory_and_reach_the_same_activation()
    {
        var factory = fixture.Grains;
        for (var i = 0; i < 3; i++)
        {
            // The first call resolves and remembers; the later ones build from what was remembered.
            var ours = (GrainReference)(object)factory.GetCareGrain<IConversationGrain>($"refs/c{i}");
            var theirs = (GrainReference)(object)factory.GetGrain<IConversationGrain>($"refs/c{i}");
            Assert.Equal(theirs.GrainId, ours.GrainId);
            Assert.Equal(theirs.InterfaceType, ours.InterfaceType);
        }

        // Another interface has its own slot.
        var customer = (GrainReference)(object)factory.GetCareGrain<ICustomerGrain>("refs/someone");
        Assert.Equal(((GrainReference)(object)factory.GetGrain<ICustomerGrain>("refs/someone")).GrainId, customer.GrainId);
        var missing = await Assert.ThrowsAnyAsync<Exception>(() => factory.GetCareGrain<ICustomerGrain>("refs/someone").GetAsync());
        Assert.Contains("someone", missing.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => factory.GetCareGrain<ICustomerGrain>(" "));
    }
}
