using System.Globalization;

namespace SocialCare.Domain.Audit;

/// <summary>
/// Walks a tenant's chains (one per lane) in order, a page at a time (a year of entries never sits
/// in memory), and stops at the first link that does not hold.
/// </summary>
public sealed class AuditVerifier
{
    private readonly Dictionary<int, AuditLaneHead> _starts;
    private readonly Dictionary<int, AuditLaneHead> _anchor;
    private readonly Dictionary<int, AuditLaneHead> _heads = [];
    private readonly HashSet<int> _anchorsMet = [];
    private readonly List<string> _cuts = [];

    /// <param name="starts">Where each lane's stored entries begin (after retention's last cut); lanes not named start at the genesis.</param>
    /// <param name="anchor">Lane heads noted earlier: each lane must still have that hash at that sequence.</param>
    public AuditVerifier(IEnumerable<AuditLaneHead>? starts = null, IEnumerable<AuditLaneHead>? anchor = null)
    {
        _starts = (starts ?? []).ToDictionary(s => s.Lane);
        _anchor = (anchor ?? []).Where(a => a.Sequence > 0).ToDictionary(a => a.Lane);
        foreach (var start in _starts.Values)
        {
            _heads[start.Lane] = start;
            if (!Meet(start))
            {
                Fail(start.Lane, start.Sequence, "the anchor's hash is not the lane's where its stored entries begin: the trail was rewritten.");
            }
        }
    }

    /// <summary>Entries checked so far.</summary>
    public long Checked { get; private set; }

    /// <summary>The first broken link, once found.</summary>
    public AuditBreak? Break { get; private set; }

    /// <summary>Where each lane ends so far: the anchor to note for next time.</summary>
    public IReadOnlyList<AuditLaneHead> Heads => [.. _heads.Values.OrderBy(h => h.Lane)];

    /// <summary>True when an anchor names an entry retention has removed, so it can no longer be checked.</summary>
    public bool AnchorRemoved => _anchor.Values.Any(a => Start(a.Lane).Sequence > a.Sequence);

    /// <summary>Checks the next entry of its lane (lanes may be walked one after another or interleaved); false once the trail is broken.</summary>
    public bool Check(AuditedEntry stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (Break is not null)
        {
            return false;
        }

        var head = _heads.GetValueOrDefault(stored.Lane) ?? Start(stored.Lane);
        if (stored.Sequence != head.Sequence + 1)
        {
            return Fail(stored.Lane, head.Sequence + 1, $"entry {head.Sequence + 1} is missing (the next stored entry is {stored.Sequence}).");
        }

        if (!stored.PreviousHash.AsSpan().SequenceEqual(head.Hash))
        {
            return Fail(stored.Lane, stored.Sequence, "its previous hash is not the hash of the entry before it: an entry before it was changed, removed or inserted.");
        }

        var expected = AuditChain.Link(head.Hash, stored.Entry.Digest());
        if (!stored.Hash.AsSpan().SequenceEqual(expected))
        {
            return Fail(stored.Lane, stored.Sequence, "its fields do not match its hash: the entry was changed after it was written.");
        }

        var reached = new AuditLaneHead(stored.Lane, stored.Sequence, stored.Hash);
        if (!Meet(reached))
        {
            return Fail(stored.Lane, stored.Sequence, "its hash is not the anchor's: the trail up to the anchor was rewritten since the anchor was taken.");
        }

        if (stored.Entry.Action == AuditActions.RetentionCut)
        {
            _cuts.Add(stored.Entry.Detail);
        }

        _heads[stored.Lane] = reached;
        Checked++;
        return true;
    }

    /// <summary>
    /// Ends the walk: a lane that starts after a cut no entry records, or an anchor beyond a lane's
    /// last entry (entries removed from its end), is a break.
    /// </summary>
    public AuditBreak? Finish()
    {
        foreach (var start in _starts.Values.Where(s => s.Sequence > 0 && !_cuts.Exists(s.IsNamedBy)).OrderBy(s => s.Lane))
        {
            if (Break is not null)
            {
                break;
            }

            Fail(start.Lane, start.Sequence, string.Create(CultureInfo.InvariantCulture, $"the lane starts after entry {start.Sequence}, but no retention cut in the trail records removing its entries through {start.Sequence} with that hash."));
        }

        foreach (var anchor in _anchor.Values.Where(a => !_anchorsMet.Contains(a.Lane) && Start(a.Lane).Sequence <= a.Sequence).OrderBy(a => a.Lane))
        {
            if (Break is not null)
            {
                break;
            }

            var end = _heads.GetValueOrDefault(anchor.Lane)?.Sequence ?? 0;
            Fail(anchor.Lane, end + 1, string.Create(CultureInfo.InvariantCulture, $"the anchor is at entry {anchor.Sequence}, but the lane ends at {end}: entries were removed from its end."));
        }

        return Break;
    }

    private AuditLaneHead Start(int lane) => _starts.GetValueOrDefault(lane) ?? AuditLaneHead.Genesis(lane);

    /// <summary>Notes reaching a point; false when an anchor names that point with another hash.</summary>
    private bool Meet(AuditLaneHead point)
    {
        if (!_anchor.TryGetValue(point.Lane, out var anchor) || anchor.Sequence != point.Sequence)
        {
            return true;
        }

        _anchorsMet.Add(point.Lane);
        return anchor.Hash.AsSpan().SequenceEqual(point.Hash);
    }

    private bool Fail(int lane, long sequence, string reason)
    {
        Break = new AuditBreak(lane, sequence, reason);
        return false;
    }
}

/// <summary>Where the trail stops holding (a lane and a sequence in it), and why.</summary>
public sealed record AuditBreak(int Lane, long Sequence, string Reason);
