using SocialCare.Domain.Triage;

namespace SocialCare.Domain.Sla;

/// <summary>The promise for one priority, in working time on the tenant's calendar.</summary>
[GenerateSerializer, Immutable]
public sealed record SlaTarget(
    [property: Id(0)] Priority Priority,
    [property: Id(1)] TimeSpan FirstResponse,
    [property: Id(2)] TimeSpan NextResponse,
    [property: Id(3)] TimeSpan Resolution);
