namespace SocialCare.Domain.Conversations;

/// <summary>The writer of a mention, as the network describes them.</summary>
[GenerateSerializer, Immutable]
public sealed record AuthorProfile(
    [property: Id(0)] string NetworkUserId,
    [property: Id(1)] string Handle,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] long FollowerCount,
    [property: Id(4)] bool Verified);
