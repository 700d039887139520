using SocialCare.Domain.Conversations;
using SocialCare.Domain.Sla;
using SocialCare.Domain.Tenants;
using SocialCare.Domain.Triage;

namespace SocialCare.Domain.Policies;

/// <summary>What a policy judges a message by: the message, its author, its triage and the moment it came.</summary>
/// <param name="Triage">Triage's reading, its priority from category and influence (<see cref="PriorityRules.For"/>).</param>
/// <param name="FollowUp">The message joins (or reopens) a conversation rather than opening one.</param>
/// <param name="KeywordMatch">Found by keyword search rather than addressed to one of the brand's accounts.</param>
/// <param name="AccountPurpose">What the account written to is for; null when the tenant does not list it.</param>
/// <param name="Calendar">The tenant's business calendar, read only when a rule asks whether it is open.</param>
/// <param name="At">When the message arrived.</param>
public sealed record PolicyFacts(
    Channel Channel,
    string AccountId,
    AccountPurpose? AccountPurpose,
    string Text,
    string? Language,
    AuthorProfile Author,
    string CustomerId,
    TriageResult Triage,
    bool FollowUp,
    bool KeywordMatch,
    BusinessCalendar Calendar,
    DateTimeOffset At)
{
    /// <summary>The text whose words <see cref="_words"/> holds (a copy made by <c>with</c> may have another text).</summary>
    private string? _wordsOf;

    private HashSet<string>? _words;

    /// <summary>The brand's desk is open when the message arrives (worked out only when a rule asks).</summary>
    public bool BusinessOpen => Calendar.IsOpenAt(At);

    /// <summary>
    /// Whether <paramref name="term"/> stands in the text as a whole word, any case, exactly as
    /// <see cref="TrackingRules.ContainsWord"/> says. A term of letters and digits only is looked
    /// up among the text's words, split once for all the rules that ask (a hundred rules of five
    /// keywords would otherwise search the text five hundred times); any other term is searched for.
    /// </summary>
    public bool Mentions(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        if (term.Length == 0 || !IsWord(term))
        {
            return TrackingRules.ContainsWord(Text, term);
        }

        if (!ReferenceEquals(_wordsOf, Text))
        {
            _words = WordsOf(Text);
            _wordsOf = Text;
        }

        return _words!.Contains(term);
    }

    private static bool IsWord(string term)
    {
        foreach (var c in term)
        {
            if (!char.IsLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The runs of letters and digits in <paramref name="text"/>: what a whole-word match can land on.</summary>
    private static HashSet<string> WordsOf(string text)
    {
        var words = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                words.Add(text[start..i]);
                start = -1;
            }
        }

        return words;
    }

    /// <summary>Triage's confidence that this is a complaint: its confidence when it read one, otherwise 0.</summary>
    public double ComplaintConfidence => Triage.Category == Category.Complaint ? Triage.Confidence : 0;

    /// <summary>The facts of a mention under a tenant's settings, at <paramref name="now"/>.</summary>
    public static PolicyFacts Of(TenantSettings tenant, Mention mention, string customerId, TriageResult triage, bool followUp, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(mention);
        ArgumentNullException.ThrowIfNull(triage);
        AccountPurpose? purpose = null;
        if (mention.AccountId.Length > 0)
        {
            foreach (var account in tenant.ChannelAccounts)
            {
                if (account.Channel == mention.Channel && account.AccountId == mention.AccountId)
                {
                    purpose = account.Purpose;
                    break;
                }
            }
        }

        return new PolicyFacts(
            mention.Channel,
            mention.AccountId,
            purpose,
            mention.Readable,
            triage.Language ?? mention.Language,
            mention.Author,
            customerId,
            triage,
            followUp,
            mention.KeywordMatch,
            tenant.Calendar,
            now);
    }
}
