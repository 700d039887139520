using System.Security.Cryptography;

namespace SocialCare.Domain.Audit;

/// <summary>
/// How a tenant's entries are chained: in each lane, each entry's hash is SHA-256 over the previous
/// hash and the entry's digest, starting from 32 zero bytes. Whoever edits, removes or reorders a stored entry
/// must recompute every later hash; the head hash an auditor noted down (an anchor) then no longer
/// matches. PostgreSQL computes the same function when it appends (sha256(previous || digest)).
/// </summary>
public static class AuditChain
{
    public const int HashLength = 32;

    public static ReadOnlySpan<byte> Genesis => new byte[HashLength];

    public static byte[] Link(ReadOnlySpan<byte> previousHash, ReadOnlySpan<byte> digest)
    {
        Span<byte> joined = stackalloc byte[previousHash.Length + digest.Length];
        previousHash.CopyTo(joined);
        digest.CopyTo(joined[previousHash.Length..]);
        return SHA256.HashData(joined);
    }

    /// <summary>Chains <paramref name="entries"/> after a lane's head, as the journal does when it appends them.</summary>
    /// <param name="firstPosition">The listing position of the first entry; the rest follow it.</param>
    public static IReadOnlyList<AuditedEntry> Append(AuditLaneHead head, long firstPosition, IEnumerable<AuditEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(entries);
        var chained = new List<AuditedEntry>();
        var previous = head.Hash;
        var sequence = head.Sequence;
        foreach (var entry in entries)
        {
            var hash = Link(previous, entry.Digest());
            chained.Add(new AuditedEntry(firstPosition++, head.Lane, ++sequence, entry, previous, hash));
            previous = hash;
        }

        return chained;
    }
}
