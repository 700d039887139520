namespace SocialCare.Grains.Hosting;

internal static class StoredStateExtensions
{
    /// <summary>
    /// Stores the state. If the write fails, memory is ahead of storage: <paramref name="dropActivation"/>
    /// (the grain's DeactivateOnIdle) makes the next call start again from what is stored rather
    /// than from a change its caller was told failed.
    /// </summary>
    public static async Task WriteOrDropAsync<T>(this IPersistentState<T> state, Action dropActivation)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(dropActivation);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            dropActivation();
            throw;
        }
    }
}
