using SocialCare.Domain.Conversations;

namespace SocialCare.Domain.Triage;

/// <summary>
/// The default brand policy: complaints and incidents first, then booking or order help, then
/// questions, remarks, thanks and spam. Influential senders move up one level, never above High:
/// Urgent is kept for conversations whose SLA is breached.
/// </summary>
public static class PriorityRules
{
    /// <summary>Followers from which a sender counts as influential.</summary>
    public const long InfluentialFollowerCount = 10_000;

    public static Priority ForCategory(Category category) => category switch
    {
        Category.Complaint or Category.Incident => Priority.High,
        Category.BookingHelp => Priority.Normal,
        _ => Priority.Low,
    };

    public static bool IsInfluential(AuthorProfile author) =>
        author.Verified || author.FollowerCount >= InfluentialFollowerCount;

    public static Priority For(Category category, AuthorProfile author)
    {
        var priority = ForCategory(category);
        if (category != Category.Spam && IsInfluential(author) && priority > Priority.High)
        {
            priority = Raise(priority);
        }

        return priority;
    }

    /// <summary>One level more urgent, stopping at Urgent.</summary>
    public static Priority Raise(Priority priority) =>
        priority == Priority.Urgent ? Priority.Urgent : priority - 1;

    /// <summary>The more urgent of two priorities.</summary>
    public static Priority MostUrgent(Priority a, Priority b) => a <= b ? a : b;
}
