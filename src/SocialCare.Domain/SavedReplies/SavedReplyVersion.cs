namespace SocialCare.Domain.SavedReplies;

/// <summary>An earlier version of a saved reply, kept so a supervisor sees what changed and can put it back.</summary>
[GenerateSerializer, Immutable]
public sealed record SavedReplyVersion(
    [property: Id(0)] long Version,
    [property: Id(1)] string Title,
    [property: Id(2)] string Text,
    [property: Id(3)] string? TeamId,
    [property: Id(4)] DateTimeOffset UpdatedAt,
    [property: Id(5)] string? UpdatedBy);
