namespace SocialCare.Domain.Sla;

/// <summary>Opening hours on one weekday, as offsets from local midnight (close may be 24:00).</summary>
[GenerateSerializer, Immutable]
public sealed record BusinessHours(
    [property: Id(0)] DayOfWeek Day,
    [property: Id(1)] TimeSpan Opens,
    [property: Id(2)] TimeSpan Closes);
