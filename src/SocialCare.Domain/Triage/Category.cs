namespace SocialCare.Domain.Triage;

public enum Category
{
    Complaint = 1,
    Incident = 2,
    BookingHelp = 3,
    Question = 4,
    Praise = 5,
    Remark = 6,
    Spam = 7,
}
