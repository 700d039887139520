namespace SocialCare.Domain.Sla;

public readonly record struct SlaEvent(SlaEventKind Kind, DateTimeOffset At);
