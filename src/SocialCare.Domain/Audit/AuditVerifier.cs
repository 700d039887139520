using System.Globalization;

namespace SocialCare.Domain.Audit;

/// <summary>
/// Walks a tenant's chain in order, a page at a time (a year of entries never sits in memory),
/// and stops at the first link that does not hold.
/// </summary>
public sealed class AuditVerifier
{
    private readonly AuditStart _start;
    private readonly long _anchorSequence;
    private readonly byte[]? _anchorHash;
    private byte[] _previousHash;
    private long _previousSequence;
    private bool _anchorSeen;
    private bool _startExplained;

    /// <param name="anchorSequence">A sequence whose hash was noted earlier (0 for none).</param>
    /// <param name="anchorHash">That hash: the walk fails if the chain at that sequence says otherwise.</param>
    /// <param name="start">Where the stored chain begins (after retention's last cut); the genesis when null.</param>
    public AuditVerifier(long anchorSequence = 0, byte[]? anchorHash = null, AuditStart? start = null)
    {
        _start = start ?? AuditStart.Genesis;
        _anchorSequence = anchorSequence;
        _anchorHash = anchorSequence > 0 ? anchorHash : null;
        _previousHash = _start.Hash;
        _previousSequence = _start.Sequence;
        _startExplained = _start.Sequence == 0;
        _anchorSeen = anchorSequence > 0 && anchorSequence == _start.Sequence && _start.Hash.AsSpan().SequenceEqual(anchorHash);
    }

    /// <summary>True when the anchor names an entry retention has removed, so it can no longer be checked.</summary>
    public bool AnchorRemoved => _anchorHash is not null && _anchorSequence < _start.Sequence;

    /// <summary>Entries checked so far.</summary>
    public long Checked { get; private set; }

    /// <summary>The first broken link, once found.</summary>
    public AuditBreak? Break { get; private set; }

    public long HeadSequence => _previousSequence;

    public byte[] HeadHash => _previousHash;

    /// <summary>Checks the next entry; false once the chain is broken (later entries are not looked at).</summary>
    public bool Check(AuditedEntry stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (Break is not null)
        {
            return false;
        }

        if (stored.Sequence != _previousSequence + 1)
        {
            return Fail(_previousSequence + 1, $"entry {_previousSequence + 1} is missing (the next stored entry is {stored.Sequence}).");
        }

        if (!stored.PreviousHash.AsSpan().SequenceEqual(_previousHash))
        {
            return Fail(stored.Sequence, "its previous hash is not the hash of the entry before it: an entry before it was changed, removed or inserted.");
        }

        var expected = AuditChain.Link(_previousHash, stored.Entry.Digest());
        if (!stored.Hash.AsSpan().SequenceEqual(expected))
        {
            return Fail(stored.Sequence, "its fields do not match its hash: the entry was changed after it was written.");
        }

        if (stored.Sequence == _anchorSequence && !stored.Hash.AsSpan().SequenceEqual(_anchorHash))
        {
            return Fail(stored.Sequence, "its hash is not the anchor's: the trail up to the anchor was rewritten since the anchor was taken.");
        }

        _anchorSeen |= stored.Sequence == _anchorSequence;
        _startExplained |= stored.Entry.Action == AuditActions.RetentionCut && _start.IsNamedBy(stored.Entry.Detail);
        _previousHash = stored.Hash;
        _previousSequence = stored.Sequence;
        Checked++;
        return true;
    }

    /// <summary>Ends the walk: an anchor beyond the last entry means entries were removed from the end.</summary>
    public AuditBreak? Finish()
    {
        if (Break is null && !_startExplained)
        {
            Fail(_start.Sequence, string.Create(CultureInfo.InvariantCulture, $"the trail starts after entry {_start.Sequence}, but no retention cut in the chain records removing entries through {_start.Sequence} with that hash."));
        }

        if (Break is null && _anchorHash is not null && !_anchorSeen && !AnchorRemoved)
        {
            Fail(_previousSequence + 1, string.Create(CultureInfo.InvariantCulture, $"the anchor is at entry {_anchorSequence}, but the trail ends at {_previousSequence}: entries were removed from its end."));
        }

        return Break;
    }

    private bool Fail(long sequence, string reason)
    {
        Break = new AuditBreak(sequence, reason);
        return false;
    }
}

/// <summary>Where a chain stops holding, and why.</summary>
public sealed record AuditBreak(long Sequence, string Reason);
