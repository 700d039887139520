using SocialCare.Domain.Audit;

namespace SocialCare.Domain.Tests;

public sealed class AuditChainTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private static AuditEntry Entry(int i, string action = AuditActions.Replied) =>
        new AuditActor("jd", "agent", "office", $"req-{i}").Entry("brand", Start.AddSeconds(i), action, $"conversations/c{i % 3}", $"c{i % 3}", $"message={i}");

    private static List<AuditedEntry> Chain(int count, int lane = 0) =>
        [.. AuditChain.Append(AuditLaneHead.Genesis(lane), 1, Enumerable.Range(1, count).Select(i => Entry(i)))];

    internal static AuditBreak? Verify(IEnumerable<AuditedEntry> entries, IEnumerable<AuditLaneHead>? anchor = null, IEnumerable<AuditLaneHead>? starts = null)
    {
        var verifier = new AuditVerifier(starts, anchor);
        foreach (var entry in entries)
        {
            if (!verifier.Check(entry))
            {
                break;
            }
        }

        return verifier.Finish();
    }

    /// <summary>The walk broke at <paramref name="sequence"/>, for the reason that names <paramref name="because"/>.</summary>
    internal static void AssertBreak(AuditBreak? broken, long sequence, string because)
    {
        Assert.NotNull(broken);
        Assert.Equal(sequence, broken.Sequence);
        Assert.Contains(because, broken.Reason, StringComparison.Ordinal);
    }

    private static AuditLaneHead HeadAt(AuditedEntry entry) => new(entry.Lane, entry.Sequence, entry.Hash);

    [Fact]
    public void A_chain_as_appended_verifies_and_each_entry_links_to_the_one_before()
    {
        var chain = Chain(10);

        Assert.Null(Verify(chain));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), chain.Select(e => e.Sequence));
        Assert.True(chain[0].PreviousHash.AsSpan().SequenceEqual(AuditChain.Genesis));
        Assert.All(chain.Skip(1).Zip(chain), pair => Assert.Equal(pair.Second.Hash, pair.First.PreviousHash));
    }

    [Fact]
    public void Appending_after_a_head_continues_the_same_chain()
    {
        var whole = Chain(6);
        var first = AuditChain.Append(AuditLaneHead.Genesis(0), 1, Enumerable.Range(1, 4).Select(i => Entry(i)));
        var rest = AuditChain.Append(HeadAt(first[^1]), 5, Enumerable.Range(5, 2).Select(i => Entry(i)));

        Assert.Equal(whole.Select(e => Convert.ToHexString(e.Hash)), first.Concat(rest).Select(e => Convert.ToHexString(e.Hash)));
    }

    [Fact]
    public void Lanes_are_checked_each_on_its_own_however_their_entries_interleave()
    {
        var lane0 = Chain(5, lane: 0);
        var lane3 = Chain(4, lane: 3);
        var interleaved = lane0.Zip(lane3).SelectMany(p => new[] { p.First, p.Second }).Append(lane0[^1]).ToList();

        Assert.Null(Verify(interleaved));

        interleaved[3] = interleaved[3] with { Entry = interleaved[3].Entry with { Detail = "edited" } };
        var broken = Verify(interleaved);
        Assert.Equal((3, 2L), (broken!.Lane, broken.Sequence));
    }

    [Fact]
    public void An_edited_field_breaks_the_chain_at_that_entry()
    {
        var chain = Chain(8);
        chain[4] = chain[4] with { Entry = chain[4].Entry with { Actor = "someone-else" } };

        AssertBreak(Verify(chain), 5, "do not match its hash");
    }

    [Fact]
    public void Every_field_is_covered_by_the_digest()
    {
        var entry = Entry(1);
        var edits = new[]
        {
            entry with { TenantId = "other" },
            entry with { At = entry.At.AddTicks(10) },
            entry with { Actor = "x" },
            entry with { ActedBy = "x" },
            entry with { Role = "admin" },
            entry with { Location = "remote" },
            entry with { Action = AuditActions.Resolved },
            entry with { Target = "conversations/x" },
            entry with { ConversationId = "x" },
            entry with { RequestId = "x" },
            entry with { Outcome = AuditOutcome.Denied },
            entry with { Detail = "message=2" },
        };

        Assert.All(edits, edited => Assert.False(edited.Digest().AsSpan().SequenceEqual(entry.Digest()), edited.ToString()));
        // Length prefixes: moving text from one field to the next is an edit too.
        Assert.NotEqual(
            Convert.ToHexString((entry with { Actor = "jd|", Role = "agent" }).Digest()),
            Convert.ToHexString((entry with { Actor = "jd", Role = "|agent" }).Digest()));
    }

    [Fact]
    public void A_removed_or_swapped_entry_is_found()
    {
        var chain = Chain(6);

        AssertBreak(Verify(chain.Where(e => e.Sequence != 3)), 3, "missing");

        var swapped = chain.ToList();
        (swapped[2], swapped[3]) = (swapped[3] with { Sequence = 3 }, swapped[2] with { Sequence = 4 });
        Assert.Equal(3, Verify(swapped)!.Sequence);
    }

    [Fact]
    public void A_rewritten_chain_is_found_by_an_anchor_noted_before()
    {
        var chain = Chain(6);
        var anchor = HeadAt(chain[3]);
        // Whoever edits entry 2 and recomputes every later hash has a chain that links...
        var rewritten = AuditChain.Append(AuditLaneHead.Genesis(0), 1, chain.Select(e => e.Sequence == 2 ? e.Entry with { Detail = "nothing happened" } : e.Entry));
        Assert.Null(Verify(rewritten));

        // ...but not the hash the auditor noted at entry 4.
        Assert.Null(Verify(chain, [anchor]));
        Assert.Equal(4, Verify(rewritten, [anchor])!.Sequence);
    }

    [Fact]
    public void Entries_cut_from_the_end_of_a_lane_or_a_whole_lane_removed_are_found_by_an_anchor()
    {
        var lane0 = Chain(6, lane: 0);
        var lane1 = Chain(2, lane: 1);
        AuditLaneHead[] anchor = [HeadAt(lane0[^1]), HeadAt(lane1[^1])];

        Assert.Null(Verify(lane0.Concat(lane1), anchor));
        Assert.Contains("removed from its end", Verify(lane0.Take(4).Concat(lane1), anchor)!.Reason, StringComparison.Ordinal);
        Assert.Equal(1, Verify(lane0, anchor)!.Lane);
    }

    [Fact]
    public void Times_are_kept_to_the_microsecond_so_a_stored_entry_digests_the_same()
    {
        var precise = Start.AddTicks(1_234_567);

        var entry = new AuditActor("jd", "agent", "office", "r").Entry("brand", precise, AuditActions.Claimed, "conversations/c");

        Assert.Equal(Start.AddTicks(1_234_560), entry.At);
        Assert.Equal(TimeSpan.Zero, entry.At.Offset);
    }
}

public sealed class AuditRetentionTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private static List<AuditedEntry> Chain(int count) =>
        [.. AuditChain.Append(AuditLaneHead.Genesis(0), 1, Enumerable.Range(1, count).Select(i =>
            new AuditActor("jd", "agent", "office", $"r{i}").Entry("brand", Start.AddMinutes(i), AuditActions.Claimed, $"conversations/c{i}")))];

    [Fact]
    public void A_trail_cut_by_retention_verifies_from_the_cut_when_the_trail_records_it()
    {
        var chain = Chain(12);
        var start = new AuditLaneHead(0, 10, chain[9].Hash);
        var cut = AuditChain.Append(new AuditLaneHead(0, 12, chain[^1].Hash), 13, [AuditActor.System.Entry("brand", Start.AddDays(40), AuditActions.RetentionCut, "audit", detail: start.CutDetail(10))]);

        Assert.Null(AuditChainTests.Verify(chain.Skip(10).Concat(cut), starts: [start]));
    }

    [Fact]
    public void Entries_removed_without_a_recorded_cut_are_a_break()
    {
        var chain = Chain(12);
        // Someone deleted entries 1-10 and wrote a cut row, but no entry of the trail records that cut.
        var forged = new AuditLaneHead(0, 10, chain[9].Hash);

        AuditChainTests.AssertBreak(AuditChainTests.Verify(chain.Skip(10), starts: [forged]), 10, "no retention cut");
    }

    [Fact]
    public void An_anchor_retention_removed_is_reported_as_such()
    {
        var chain = Chain(12);

        var verifier = new AuditVerifier([new AuditLaneHead(0, 10, chain[9].Hash)], [new AuditLaneHead(0, 3, chain[2].Hash)]);

        Assert.True(verifier.AnchorRemoved);
    }
}

public sealed class AuditCursorTests
{
    [Fact]
    public void A_cursor_moves_past_what_was_read_in_each_lane_and_survives_its_token()
    {
        var head = AuditLaneHead.Genesis(2);
        var read = AuditChain.Append(head, 1, [AuditActor.System.Entry("brand", DateTimeOffset.UnixEpoch, AuditActions.Claimed, "c")]);

        var cursor = AuditCursor.Start.Past(read).Past(AuditChain.Append(new AuditLaneHead(0, 4, read[0].Hash), 9, [read[0].Entry]));

        Assert.Equal("5.0.1", cursor.ToToken());
        Assert.True(AuditCursor.TryParse(cursor.ToToken(), out var parsed));
        Assert.Equal((5L, 0L, 1L, 0L), (parsed.AfterSequence(0), parsed.AfterSequence(1), parsed.AfterSequence(2), parsed.AfterSequence(3)));
        Assert.False(AuditCursor.TryParse("1.x", out _));
        Assert.False(AuditCursor.TryParse("-1", out _));
        Assert.False(AuditCursor.TryParse(string.Join('.', Enumerable.Repeat("1", AuditCursor.MaxLanes + 1)), out _));
    }
}
