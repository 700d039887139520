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
    /// <summary>The brand's desk is open when the message arrives (worked out only when a rule asks).</summary>
    public bool BusinessOpen => Calendar.IsOpenAt(At);

    /// <summary>Triage's confidence that this is a complaint: its confidence when it read one, otherwise 0.</summary>
    public double ComplaintConfidence => Triage.Category == Category.Complaint ? Triage.Confidence : 0;

    /// <summary>The facts of a mention under a tenant's settings, at <paramref name="now"/>.</summary>
    public static PolicyFacts Of(TenantSettings tenant, Mention mention, string customerId, TriageResult triage, bool followUp, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(mention);
        ArgumentNullException.ThrowIfNull(triage);
        var account = mention.AccountId.Length == 0
            ? null
            : tenant.ChannelAccounts.FirstOrDefault(a => a.Channel == mention.Channel && a.AccountId == mention.AccountId);
        return new PolicyFacts(
            mention.Channel,
            mention.AccountId,
            account?.Purpose,
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
