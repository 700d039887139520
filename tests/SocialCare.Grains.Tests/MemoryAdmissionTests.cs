using SocialCare.Domain.Errors;
using SocialCare.Grains.Abstractions;

namespace SocialCare.Grains.Tests;

public sealed class MemoryAdmissionTests
{
    private const long Limit = 100L * 1024 * 1024;

    [Fact]
    public void New_mentions_are_refused_from_the_refusal_mark_until_the_heap_is_back_under_the_admission_mark()
    {
        var used = Limit * 50 / 100;
        using var admission = new MemoryAdmission(90, 80, TimeSpan.Zero, TimeProvider.System, () => (used, Limit));
        admission.Admit();

        var seen = new List<(int Percent, bool Refusing)>();
        foreach (var percent in new[] { 89, 90, 95, 85, 80, 79, 85 })
        {
            used = Limit * percent / 100;
            admission.Sample();
            seen.Add((admission.HeapPercent, admission.Refusing));
        }

        // Refusing from 90%, still at 85% and 80% on the way down, taking mentions again under 80%.
        Assert.Equal([(89, false), (90, true), (95, true), (85, true), (80, true), (79, false), (85, false)], seen);
    }

    [Fact]
    public void A_refusal_is_resource_exhausted_with_a_retry_after_naming_the_heap_and_its_limit()
    {
        using var admission = new MemoryAdmission(90, 80, TimeSpan.Zero, TimeProvider.System, () => (Limit * 93 / 100, Limit));

        var refused = Assert.Throws<CareException>(admission.Admit);

        Assert.Equal(CareErrorKind.ResourceExhausted, refused.Kind);
        Assert.Equal(MemoryAdmission.RetryAfter, CareException.RetryAfter(refused));
        Assert.Contains("93% of its 100 MB limit", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, admission.Refusals);
    }

    [Fact]
    public void A_refusing_silo_collects_to_see_what_it_really_holds_and_takes_mentions_again()
    {
        var used = Limit * 95 / 100;
        var collections = 0;
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        // The flood's garbage: only a full collection shows that shedding freed the heap.
        using var admission = new MemoryAdmission(90, 80, TimeSpan.Zero, time, () => (used, Limit), () =>
        {
            collections++;
            used = Limit * 60 / 100;
        });
        Assert.True(admission.Refusing);

        time.Advance(MemoryAdmission.CollectEvery);
        admission.Sample();

        Assert.Equal(1, collections);
        Assert.False(admission.Refusing);
        admission.Admit();
    }
}
