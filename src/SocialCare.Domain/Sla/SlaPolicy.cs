using SocialCare.Domain.Errors;
using SocialCare.Domain.Triage;

namespace SocialCare.Domain.Sla;

/// <summary>A tenant's SLA promises: one target per priority.</summary>
[GenerateSerializer, Immutable]
public sealed record SlaPolicy([property: Id(0)] IReadOnlyList<SlaTarget> Targets)
{
    /// <summary>
    /// A care-desk default: a first acknowledgement within minutes for complaints, an hour for
    /// routine messages, and a full answer within a day.
    /// </summary>
    public static SlaPolicy Default { get; } = new(
    [
        new SlaTarget(Priority.Urgent, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(4)),
        new SlaTarget(Priority.High, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), TimeSpan.FromHours(8)),
        new SlaTarget(Priority.Normal, TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(24)),
        new SlaTarget(Priority.Low, TimeSpan.FromHours(4), TimeSpan.FromHours(8), TimeSpan.FromHours(48)),
    ]);

    /// <summary>The longest promise a target may make; a care desk's longest (a full resolution) is days, not years.</summary>
    public const int MaxTargetDays = 365;

    /// <summary>The longest duration of any target: what the calendar must be able to reach.</summary>
    public TimeSpan LongestTarget()
    {
        var longest = TimeSpan.Zero;
        foreach (var target in Targets)
        {
            var max = new[] { target.FirstResponse, target.NextResponse, target.Resolution }.Max();
            longest = max > longest ? max : longest;
        }

        return longest;
    }

    public SlaTarget For(Priority priority) =>
        Targets.FirstOrDefault(t => t.Priority == priority)
        ?? throw new InvalidOperationException($"The SLA policy has no target for priority {priority}.");

    /// <summary>Checks the policy a client submitted; field names are relative to <paramref name="field"/>.</summary>
    public void Validate(string field)
    {
        foreach (var priority in Enum.GetValues<Priority>())
        {
            var matches = Targets.Count(t => t.Priority == priority);
            if (matches != 1)
            {
                throw CareException.Invalid($"{field}.targets", $"needs exactly one target for priority {priority}, found {matches}.");
            }
        }

        foreach (var target in Targets)
        {
            if (target.FirstResponse <= TimeSpan.Zero || target.NextResponse <= TimeSpan.Zero || target.Resolution <= TimeSpan.Zero)
            {
                throw CareException.Invalid($"{field}.targets", $"every duration of the {target.Priority} target must be positive.");
            }

            var longest = TimeSpan.FromDays(MaxTargetDays);
            if (target.FirstResponse > longest || target.NextResponse > longest || target.Resolution > longest)
            {
                throw CareException.Invalid($"{field}.targets", $"every duration of the {target.Priority} target must be at most {MaxTargetDays} days.");
            }

            if (target.Resolution < target.FirstResponse)
            {
                throw CareException.Invalid($"{field}.targets", $"the {target.Priority} resolution target is shorter than its first-response target.");
            }
        }
    }
}
