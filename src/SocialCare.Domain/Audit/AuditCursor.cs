using System.Globalization;

namespace SocialCare.Domain.Audit;

/// <summary>
/// Where a listing or an export of a tenant's trail has got to: the last sequence read in each
/// lane. Lanes are numbered without gaps and in commit order, so resuming after a cursor never
/// skips an entry that committed late, which resuming after a position could.
/// </summary>
/// <param name="After">The last sequence read in lane i at index i (0: nothing read yet).</param>
[GenerateSerializer, Immutable]
public sealed record AuditCursor([property: Id(0)] long[] After)
{
    /// <summary>The most lanes a cursor names (PostgreSQL gives a tenant 8).</summary>
    public const int MaxLanes = 64;

    public static AuditCursor Start { get; } = new([]);

    public long AfterSequence(int lane) => lane < After.Length ? After[lane] : 0;

    /// <summary>The cursor after <paramref name="read"/> as well.</summary>
    public AuditCursor Past(IEnumerable<AuditedEntry> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var after = After.ToList();
        foreach (var entry in read)
        {
            while (after.Count <= entry.Lane)
            {
                after.Add(0);
            }

            after[entry.Lane] = Math.Max(after[entry.Lane], entry.Sequence);
        }

        return new AuditCursor([.. after]);
    }

    /// <summary>The cursor as a page token: each lane's sequence, dot-separated.</summary>
    public string ToToken() => string.Join('.', After.Select(s => s.ToString(CultureInfo.InvariantCulture)));

    public static bool TryParse(string token, out AuditCursor cursor)
    {
        ArgumentNullException.ThrowIfNull(token);
        cursor = Start;
        if (token.Length == 0)
        {
            return true;
        }

        var parts = token.Split('.');
        var after = new long[parts.Length];
        if (parts.Length > MaxLanes)
        {
            return false;
        }

        for (var i = 0; i < parts.Length; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out after[i]))
            {
                return false;
            }
        }

        cursor = new AuditCursor(after);
        return true;
    }
}
