using System.Globalization;

namespace SocialCare.LoadTests.Care;

/// <summary>
/// Synthetic customer mentions: a pool of authors (so some mentions open conversations and
/// later ones join them), or with <c>authors</c> 0 a new customer for every mention (each one
/// opens a conversation), a channel mix like a consumer brand's, and care-desk texts of the kinds
/// triage sorts (complaints, questions, urgent outages, praise). Every mention gets a network
/// message id unique within the run, so nothing is a redelivery unless a test says so.
/// </summary>
internal sealed class MentionFactory(string tenantId, string runId, int authors)
{
    private static readonly (Wire.Channel Channel, Wire.Visibility Visibility, int Weight)[] ChannelMix =
    [
        (Wire.Channel.X, Wire.Visibility.Public, 45),
        (Wire.Channel.Facebook, Wire.Visibility.Public, 20),
        (Wire.Channel.Instagram, Wire.Visibility.Public, 15),
        (Wire.Channel.Whatsapp, Wire.Visibility.Private, 12),
        (Wire.Channel.Messenger, Wire.Visibility.Private, 8),
    ];

    private static readonly string[] Texts =
    [
        "my order {0} still hasn't arrived and tracking hasn't moved in {1} days. what is going on?",
        "how do I change the delivery address on order {0}? the app won't let me",
        "app keeps crashing when I open my account, tried reinstalling {1} times",
        "charged twice for order {0}!! I want a refund today",
        "thanks for sorting out my issue so quickly yesterday, great service",
        "is the store on the high street open on sunday? need to return order {0}",
        "your website is down, can't log in at all, error {1}",
        "been waiting {1} hours on hold, nobody answers. terrible",
        "do you ship to ireland? couldn't find it in the faq",
        "the replacement for order {0} is broken too. second time. really disappointed",
    ];

    private static readonly int TotalWeight = ChannelMix.Sum(c => c.Weight);

    public string TenantId { get; } = tenantId;

    public Wire.Mention Create(string flow, long arrival)
    {
        // Derived from the arrival number rather than a shared Random: request tasks run in
        // parallel, and the same run settings produce the same mentions.
        var mix = Mix((ulong)arrival, 0x9E3779B97F4A7C15UL);
        var author = authors == 0 ? (ulong)arrival : mix % (ulong)authors;
        var (channel, visibility, _) = PickChannel(author);
        var text = string.Format(
            CultureInfo.InvariantCulture,
            Texts[(int)(Mix(mix, 3) % (ulong)Texts.Length)],
            100_000 + (int)(Mix(mix, 5) % 900_000),
            1 + (int)(Mix(mix, 7) % 9));
        return new Wire.Mention
        {
            TenantId = TenantId,
            Channel = channel,
            Visibility = visibility,
            NetworkMessageId = $"{runId}-{flow}-{arrival}",
            Author = new Wire.Author
            {
                NetworkUserId = $"{runId}-author-{author}",
                Handle = $"@customer{author}",
                DisplayName = $"Customer {author}",
            },
            Text = text,
        };
    }

    /// <summary>An author stays on one channel, as a customer usually does within a week.</summary>
    private static (Wire.Channel, Wire.Visibility, int) PickChannel(ulong author)
    {
        var ticket = (int)(Mix(author, 11) % (ulong)TotalWeight);
        foreach (var entry in ChannelMix)
        {
            if (ticket < entry.Weight)
            {
                return entry;
            }

            ticket -= entry.Weight;
        }

        return ChannelMix[0];
    }

    private static ulong Mix(ulong value, ulong salt)
    {
        // SplitMix64 finaliser: cheap, and spreads consecutive arrival numbers over the author pool.
        var z = value + (salt * 0x9E3779B97F4A7C15UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
