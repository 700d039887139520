using SocialCare.Domain.Audit;

namespace SocialCare.Grains.Journal;

/// <summary>
/// Hands a grain's audit entries to the grain storage that writes its state, so they are stored
/// in the state's transaction. Orleans' <c>WriteStateAsync</c> has no room for them; the storage
/// is called in the grain's own async flow, which carries this scope to it. A storage that cannot
/// store them atomically (the in-memory profile's) leaves them <see cref="Pending"/>, and
/// <see cref="WriteAsync"/> appends them after the state.
/// </summary>
public sealed class AuditScope
{
    private static readonly AsyncLocal<AuditScope?> Current = new();

    private AuditScope(IReadOnlyList<AuditEntry> entries) => Entries = entries;

    public IReadOnlyList<AuditEntry> Entries { get; }

    /// <summary>True until a storage takes the entries into its write.</summary>
    public bool Pending { get; private set; } = true;

    /// <summary>The entries waiting for the state write in this flow, marked as taken; empty when there are none.</summary>
    public static IReadOnlyList<AuditEntry> Take()
    {
        if (Current.Value is not { Pending: true } scope)
        {
            return [];
        }

        scope.Pending = false;
        return scope.Entries;
    }

    /// <summary>Runs <paramref name="writeState"/> with <paramref name="entries"/> riding along.</summary>
    public static async Task WriteAsync(IReadOnlyList<AuditEntry> entries, Func<Task> writeState, IAuditStore trail)
    {
        ArgumentNullException.ThrowIfNull(writeState);
        ArgumentNullException.ThrowIfNull(trail);
        var scope = new AuditScope(entries);
        var outer = Current.Value;
        Current.Value = scope;
        try
        {
            await writeState();
        }
        finally
        {
            Current.Value = outer;
        }

        if (scope.Pending && entries.Count > 0)
        {
            await trail.AppendAuditAsync(entries);
        }
    }
}
