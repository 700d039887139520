namespace SocialCare.Domain.Triage;

/// <summary>Work order: a lower number is worked first.</summary>
public enum Priority
{
    Urgent = 1,
    High = 2,
    Normal = 3,
    Low = 4,
}
