using Orleans.Runtime;
using SocialCare.Grains.Hosting;
using SocialCare.Grains.Abstractions.SavedReplies;

namespace SocialCare.Grains.SavedReplies;

internal sealed class SavedReplyUsageGrain(
    [PersistentState("savedReplyUsage", CareStorage.Name)] IPersistentState<SavedReplyUsageState> state) : Grain, ISavedReplyUsageGrain
{
    public async Task RecordAsync(string savedReplyId, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(savedReplyId);
        var uses = state.State.Uses;
        uses[savedReplyId] = uses.TryGetValue(savedReplyId, out var usage)
            ? usage with { Uses = usage.Uses + 1, LastUsedAt = at > usage.LastUsedAt ? at : usage.LastUsedAt }
            : new SavedReplyUsage(savedReplyId, 1, at);
        // A count lost to a failed write is a statistic off by one, not a message lost: no retry.
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<SavedReplyUsage>> ReadAsync() =>
        Task.FromResult<IReadOnlyList<SavedReplyUsage>>([.. state.State.Uses.Values.OrderByDescending(u => u.Uses).ThenBy(u => u.SavedReplyId, StringComparer.Ordinal)]);
}

[GenerateSerializer]
public sealed class SavedReplyUsageState
{
    [Id(0)] public Dictionary<string, SavedReplyUsage> Uses { get; set; } = new(StringComparer.Ordinal);
}
