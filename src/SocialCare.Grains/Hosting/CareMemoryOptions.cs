using SocialCare.Grains.Abstractions;
namespace SocialCare.Grains.Hosting;

/// <summary>
/// How much a silo keeps in memory, bound from "SocialCare:Memory". A viral day opens thousands
/// of conversations a second, each with an author, a customer and a conversation activation:
/// activations a silo keeps for their idle age are what grows, so authors and customers seen once
/// go sooner than conversations being worked, and under memory pressure the least recently used
/// activations are deactivated (their state is stored; the next call reloads it) instead of the
/// process being killed for running out.
/// </summary>
public sealed class CareMemoryOptions
{
    public const string Section = "SocialCare:Memory";

    /// <summary>
    /// The GC heap's hard limit in megabytes; 0 (the default) leaves the runtime's own: in a
    /// container, 75% of its memory limit, on a bare machine, all of it. Shedding is measured
    /// against this limit, so on a machine shared with other processes set it.
    /// </summary>
    public int HeapLimitMegabytes { get; set; }

    /// <summary>The smallest heap limit a silo starts with: below it, start-up alone would have it shedding.</summary>
    public const int SmallestHeapLimitMegabytes = 256;

    /// <summary>The refusal of a heap limit that is neither 0 nor at least <see cref="SmallestHeapLimitMegabytes"/>.</summary>
    public static string HeapLimitRefusal(int megabytes) =>
        $"{Section}:{nameof(HeapLimitMegabytes)} must be 0 (the runtime's own limit) or at least {SmallestHeapLimitMegabytes} (is {megabytes}).";

    /// <summary>Deactivate the least recently used activations when managed memory nears the limit.</summary>
    public bool ShedOnPressure { get; set; } = true;

    /// <summary>Memory in use, as a share of the limit, at which shedding starts.</summary>
    public int ShedAtPercent { get; set; } = 80;

    /// <summary>The share shedding aims to bring memory in use back to.</summary>
    public int ShedToPercent { get; set; } = 70;

    /// <summary>
    /// Memory in use, as a share of the limit, from which new mentions are refused with a
    /// retry-after until shedding brings it back under <see cref="ShedAtPercent"/>
    /// (<see cref="MemoryAdmission"/>); 100 never refuses.
    /// </summary>
    public int RefuseAtPercent { get; set; } = 90;

    /// <summary>
    /// How often memory in use is compared with the limit for shedding. Openings at 1,500 a
    /// second retain about 15 MB a second, so a 5-second poll let a small heap run from the
    /// shedding mark to its limit between two looks.
    /// </summary>
    public TimeSpan PressureCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the heap is sampled for admission (<see cref="RefuseAtPercent"/>).</summary>
    public TimeSpan AdmissionSampleInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long an idle activation of any other grain stays (Orleans' default).</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long an idle conversation stays: agents come back to the ones they work within minutes.</summary>
    public TimeSpan ConversationCollectionAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long an idle author stays: on a viral day most authors post once, and a follow-up
    /// after this long costs one read of the author's row.
    /// </summary>
    public TimeSpan AuthorCollectionAge { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long an idle customer record stays (written with each conversation it opens, read when asked for).</summary>
    public TimeSpan CustomerCollectionAge { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The collector's sweep period: an idle activation goes within one period after its age.
    /// Every age must be longer (Orleans requires it).
    /// </summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);
}
