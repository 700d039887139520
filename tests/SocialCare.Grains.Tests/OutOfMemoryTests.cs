using SocialCare.Grains.Abstractions;

namespace SocialCare.Grains.Tests;

/// <summary>
/// A call that runs out of memory drops the activations it ran through, so the next call reads
/// the conversation from its journal instead of trusting what a half-finished call left behind.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class OutOfMemoryTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task A_call_that_runs_out_of_memory_drops_its_activation_and_the_next_call_gets_a_new_one()
    {
        var probe = Grains.GetGrain<IFailingProbeGrain>(Guid.NewGuid());
        var first = await probe.ActivationAsync();

        await Assert.ThrowsAnyAsync<Exception>(probe.FailAsync);
        Assert.Equal(first, await probe.ActivationAsync());

        var failed = await Assert.ThrowsAnyAsync<Exception>(probe.RunOutOfMemoryAsync);
        Assert.True(MemoryAdmission.IsOutOfMemory(failed), failed.ToString());
        var next = await probe.ActivationAsync();
        Assert.NotEqual(first, next);
        Assert.Equal(next, await probe.ActivationAsync());
    }

    [Fact]
    public async Task A_follow_up_stored_just_before_the_silo_ran_out_of_memory_is_found_stored_once_by_its_retry()
    {
        var tenant = (await fixture.NewTenantAsync()).TenantId;
        var opening = await Grains.IngestAsync(Mentions.Make(tenant, "ann", "My bag did not arrive", messageId: "ann-1"));
        var followUp = Mentions.Make(tenant, "ann", $"Still nothing {OutOfMemoryAfterStoring.Marker}", messageId: "ann-2");

        var failed = await Assert.ThrowsAnyAsync<Exception>(() => Grains.IngestAsync(followUp));
        Assert.True(MemoryAdmission.IsOutOfMemory(failed), failed.ToString());

        var retried = await Grains.IngestAsync(followUp);
        Assert.True(retried.Duplicate);
        Assert.Equal(opening.ConversationId, retried.ConversationId);
        var next = await Grains.IngestAsync(Mentions.Make(tenant, "ann", "Any news?", messageId: "ann-3"));
        Assert.False(next.Duplicate);
        Assert.Equal(opening.ConversationId, next.ConversationId);

        var conversation = await Grains.Conversation(tenant, opening.ConversationId).GetAsync();
        Assert.Equal(["ann-1", "ann-2", "ann-3"], conversation.RecentMessages.Select(m => m.NetworkMessageId));
        Assert.Equal(retried.MessageId, conversation.RecentMessages[1].MessageId);
    }

    [Fact]
    public async Task An_opening_stored_just_before_the_silo_ran_out_of_memory_opens_one_conversation_on_its_retry()
    {
        var tenant = (await fixture.NewTenantAsync()).TenantId;
        var opening = Mentions.Make(tenant, "bob", $"Refund please {OutOfMemoryAfterStoring.Marker}", messageId: "bob-1");

        var failed = await Assert.ThrowsAnyAsync<Exception>(() => Grains.IngestAsync(opening));
        Assert.True(MemoryAdmission.IsOutOfMemory(failed), failed.ToString());

        var retried = await Grains.IngestAsync(opening);
        var followUp = await Grains.IngestAsync(Mentions.Make(tenant, "bob", "Hello?", messageId: "bob-2"));
        Assert.Equal(retried.ConversationId, followUp.ConversationId);
        var conversation = await Grains.Conversation(tenant, retried.ConversationId).GetAsync();
        Assert.Equal(["bob-1", "bob-2"], conversation.RecentMessages.Select(m => m.NetworkMessageId));
    }
}

/// <summary>A grain that fails as asked, to watch what becomes of its activation.</summary>
public interface IFailingProbeGrain : IGrainWithGuidKey
{
    /// <summary>Which activation answers: a new one after the last was dropped.</summary>
    Task<Guid> ActivationAsync();

    Task RunOutOfMemoryAsync();

    Task FailAsync();
}

public sealed class FailingProbeGrain : Grain, IFailingProbeGrain
{
    private readonly Guid _activation = Guid.NewGuid();

    public Task<Guid> ActivationAsync() => Task.FromResult(_activation);

    public Task RunOutOfMemoryAsync() => throw new OutOfMemoryException("The probe ran out of memory.");

    public Task FailAsync() => throw new InvalidOperationException("The probe failed.");
}
