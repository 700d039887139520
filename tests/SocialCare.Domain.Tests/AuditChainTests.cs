using SocialCare.Domain.Audit;

namespace SocialCare.Domain.Tests;

public sealed class AuditChainTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private static AuditEntry Entry(int i, string action = AuditActions.Replied) =>
        new AuditActor("jd", "agent", "office", $"req-{i}").Entry("brand", Start.AddSeconds(i), action, $"conversations/c{i % 3}", $"c{i % 3}", $"message={i}");

    private static List<AuditedEntry> Chain(int count) =>
        [.. AuditChain.Append(0, AuditChain.Genesis, Enumerable.Range(1, count).Select(i => Entry(i)))];

    private static AuditBreak? Verify(IEnumerable<AuditedEntry> entries, long anchorSequence = 0, byte[]? anchorHash = null)
    {
        var verifier = new AuditVerifier(anchorSequence, anchorHash);
        foreach (var entry in entries)
        {
            if (!verifier.Check(entry))
            {
                break;
            }
        }

        return verifier.Finish();
    }

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
        var first = AuditChain.Append(0, AuditChain.Genesis, Enumerable.Range(1, 4).Select(i => Entry(i)));
        var rest = AuditChain.Append(4, first[^1].Hash, Enumerable.Range(5, 2).Select(i => Entry(i)));

        Assert.Equal(whole.Select(e => Convert.ToHexString(e.Hash)), first.Concat(rest).Select(e => Convert.ToHexString(e.Hash)));
    }

    [Fact]
    public void An_edited_field_breaks_the_chain_at_that_entry()
    {
        var chain = Chain(8);
        chain[4] = chain[4] with { Entry = chain[4].Entry with { Actor = "someone-else" } };

        var broken = Verify(chain);

        Assert.NotNull(broken);
        Assert.Equal(5, broken.Sequence);
        Assert.Contains("do not match its hash", broken.Reason, StringComparison.Ordinal);
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

        var removed = Verify(chain.Where(e => e.Sequence != 3));
        Assert.Equal(3, removed!.Sequence);
        Assert.Contains("missing", removed.Reason, StringComparison.Ordinal);

        var swapped = chain.ToList();
        (swapped[2], swapped[3]) = (swapped[3] with { Sequence = 3 }, swapped[2] with { Sequence = 4 });
        Assert.Equal(3, Verify(swapped)!.Sequence);
    }

    [Fact]
    public void A_rewritten_chain_is_found_by_an_anchor_noted_before()
    {
        var chain = Chain(6);
        var anchor = chain[3];
        // Whoever edits entry 2 and recomputes every later hash has a chain that links...
        var rewritten = AuditChain.Append(0, AuditChain.Genesis, chain.Select(e => e.Sequence == 2 ? e.Entry with { Detail = "nothing happened" } : e.Entry));
        Assert.Null(Verify(rewritten));

        // ...but not the hash the auditor noted at entry 4.
        Assert.Null(Verify(chain, anchor.Sequence, anchor.Hash));
        Assert.Equal(4, Verify(rewritten, anchor.Sequence, anchor.Hash)!.Sequence);
    }

    [Fact]
    public void Entries_cut_from_the_end_are_found_by_an_anchor_beyond_it()
    {
        var chain = Chain(6);

        var cut = Verify(chain.Take(4), 6, chain[5].Hash);

        Assert.NotNull(cut);
        Assert.Contains("removed from its end", cut.Reason, StringComparison.Ordinal);
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
        [.. AuditChain.Append(0, AuditChain.Genesis, Enumerable.Range(1, count).Select(i =>
            new AuditActor("jd", "agent", "office", $"r{i}").Entry("brand", Start.AddMinutes(i), AuditActions.Claimed, $"conversations/c{i}")))];

    private static AuditBreak? Verify(IEnumerable<AuditedEntry> entries, AuditStart start)
    {
        var verifier = new AuditVerifier(start: start);
        foreach (var entry in entries)
        {
            verifier.Check(entry);
        }

        return verifier.Finish();
    }

    [Fact]
    public void A_trail_cut_by_retention_verifies_from_the_cut_when_the_chain_records_it()
    {
        var chain = Chain(12);
        var start = new AuditStart(10, chain[9].Hash);
        var cut = AuditChain.Append(12, chain[^1].Hash, [AuditActor.System.Entry("brand", Start.AddDays(40), AuditActions.RetentionCut, "audit", detail: start.CutDetail(10))]);

        Assert.Null(Verify(chain.Skip(10).Concat(cut), start));
    }

    [Fact]
    public void Entries_removed_without_a_recorded_cut_are_a_break()
    {
        var chain = Chain(12);
        // Someone deleted entries 1-10 and wrote a cut row, but the chain has no cut entry naming it.
        var forged = new AuditStart(10, chain[9].Hash);

        var broken = Verify(chain.Skip(10), forged);

        Assert.NotNull(broken);
        Assert.Equal(10, broken.Sequence);
        Assert.Contains("no retention cut", broken.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_anchor_retention_removed_is_reported_as_such()
    {
        var chain = Chain(12);

        var verifier = new AuditVerifier(3, chain[2].Hash, new AuditStart(10, chain[9].Hash));

        Assert.True(verifier.AnchorRemoved);
    }
}
