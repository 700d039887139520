namespace SocialCare.Domain.Sla;

public enum SlaClockKind
{
    FirstResponse = 1,
    NextResponse = 2,
    Resolution = 3,
}
