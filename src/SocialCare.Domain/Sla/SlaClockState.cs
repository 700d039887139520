namespace SocialCare.Domain.Sla;

public enum SlaClockState
{
    Running = 1,
    Met = 2,
    Breached = 3,
}
