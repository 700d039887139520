using SocialCare.Domain.Conversations;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Sla;
using SocialCare.Domain.Tenants;
using SocialCare.Domain.Triage;

namespace SocialCare.Api.Common;

/// <summary>
/// Domain and wire enums are kept apart (the wire has UNSPECIFIED zero values and may see
/// numbers a newer client sent); every crossing goes through here.
/// </summary>
public static class EnumMapping
{
    public static Channel ToDomain(this Wire.Channel channel, string field) =>
        channel == Wire.Channel.Unspecified ? throw CareException.Invalid(field, "is required: one of X, FACEBOOK, INSTAGRAM, MESSENGER, WHATSAPP, EMAIL, WEB_CHAT.")
        : !Enum.IsDefined(channel) ? throw CareException.Invalid(field, $"must be one of X, FACEBOOK, INSTAGRAM, MESSENGER, WHATSAPP, EMAIL, WEB_CHAT (got the number {(int)channel}, which no channel has).")
        : (Channel)(int)channel;

    public static Wire.Channel ToProto(this Channel channel) => (Wire.Channel)(int)channel;

    /// <summary>Unspecified means public, the common case for mentions and replies.</summary>
    public static Visibility ToDomain(this Wire.Visibility visibility, string field) => visibility switch
    {
        Wire.Visibility.Unspecified or Wire.Visibility.Public => Visibility.Public,
        Wire.Visibility.Private => Visibility.Private,
        _ => throw CareException.Invalid(field, $"must be PUBLIC or PRIVATE (got {(int)visibility})."),
    };

    public static Wire.Visibility ToProto(this Visibility visibility) => (Wire.Visibility)(int)visibility;

    public static Wire.Category ToProto(this Category category) => (Wire.Category)(int)category;

    public static Category ToDomain(this Wire.Category category, string field) =>
        category == Wire.Category.Unspecified || !Enum.IsDefined(category)
            ? throw CareException.Invalid(field, $"must be a category: COMPLAINT, INCIDENT, BOOKING_HELP, QUESTION, PRAISE, REMARK or SPAM (got {(int)category}).")
            : (Category)(int)category;

    public static Wire.Priority ToProto(this Priority priority) => (Wire.Priority)(int)priority;

    public static Priority ToDomain(this Wire.Priority priority, string field) =>
        priority == Wire.Priority.Unspecified || !Enum.IsDefined(priority)
            ? throw CareException.Invalid(field, $"must be URGENT, HIGH, NORMAL or LOW (got {(int)priority}).")
            : (Priority)(int)priority;

    public static Wire.Sentiment ToProto(this Sentiment sentiment) => (Wire.Sentiment)(int)sentiment;

    /// <summary>For a correction: unspecified leaves the category as it is (null).</summary>
    public static Category? ToOptionalDomain(this Wire.Category category, string field) =>
        category == Wire.Category.Unspecified ? null : category.ToDomain(field);

    /// <summary>For a correction: unspecified leaves the sentiment as it is (null).</summary>
    public static Sentiment? ToOptionalDomain(this Wire.Sentiment sentiment, string field) =>
        sentiment == Wire.Sentiment.Unspecified ? null
        : Enum.IsDefined(sentiment) ? (Sentiment)(int)sentiment
        : throw CareException.Invalid(field, $"must be NEGATIVE, NEUTRAL or POSITIVE (got {(int)sentiment}).");

    public static TriageTask ToDomain(this Wire.TriageTask task, string field) =>
        task == Wire.TriageTask.Unspecified || !Enum.IsDefined(task)
            ? throw CareException.Invalid(field, $"must be SENTIMENT or COMPLAINT (got {(int)task}).")
            : (TriageTask)(int)task;

    public static Wire.TriageTask ToProto(this TriageTask task) => (Wire.TriageTask)(int)task;

    public static Wire.ConversationState ToProto(this ConversationStatus status) => (Wire.ConversationState)(int)status;

    public static Wire.SlaClockKind ToProto(this SlaClockKind kind) => (Wire.SlaClockKind)(int)kind;

    public static Wire.SlaClockState ToProto(this SlaClockState state) => (Wire.SlaClockState)(int)state;

    public static Wire.MessageKind ToProto(this MessageKind kind) => (Wire.MessageKind)(int)kind;

    public static TeamTier ToDomain(this Wire.TeamTier tier) => tier switch
    {
        Wire.TeamTier.SecondLine => TeamTier.SecondLine,
        Wire.TeamTier.Department => TeamTier.Department,
        _ => TeamTier.FirstLine,
    };

    public static Wire.TeamTier ToProto(this TeamTier tier) => (Wire.TeamTier)(int)tier;

    public static AccountPurpose ToDomain(this Wire.AccountPurpose purpose) =>
        purpose == Wire.AccountPurpose.Marketing ? AccountPurpose.Marketing : AccountPurpose.Support;

    public static Wire.AccountPurpose ToProto(this AccountPurpose purpose) => (Wire.AccountPurpose)(int)purpose;

    public static DayOfWeek ToDomain(this Wire.Weekday day, string field) => day switch
    {
        Wire.Weekday.Monday => DayOfWeek.Monday,
        Wire.Weekday.Tuesday => DayOfWeek.Tuesday,
        Wire.Weekday.Wednesday => DayOfWeek.Wednesday,
        Wire.Weekday.Thursday => DayOfWeek.Thursday,
        Wire.Weekday.Friday => DayOfWeek.Friday,
        Wire.Weekday.Saturday => DayOfWeek.Saturday,
        Wire.Weekday.Sunday => DayOfWeek.Sunday,
        _ => throw CareException.Invalid(field, $"must be a weekday, MONDAY..SUNDAY (got {(int)day})."),
    };

    public static Wire.Weekday ToProto(this DayOfWeek day) => day == DayOfWeek.Sunday ? Wire.Weekday.Sunday : (Wire.Weekday)(int)day;
}
