using SocialCare.Domain.Conversations;
using SocialCare.Domain.Triage;

namespace SocialCare.Grains.Abstractions.Conversations;

/// <summary>The first customer message of a new conversation, with where it goes and what the care policy decided for it.</summary>
[GenerateSerializer, Immutable]
public sealed record ConversationOpening(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] string TeamId,
    [property: Id(2)] Mention Mention,
    [property: Id(3)] TriageResult Triage)
{
    /// <summary>The care policy's decision (already applied to <see cref="TeamId"/> and the triage's priority); null when none ran.</summary>
    [Id(4)] public Domain.Policies.PolicyDecision? Policy { get; init; }
}
