using SocialCare.Domain.Access;
using SocialCare.Domain.Conversations;

namespace SocialCare.Grains.Conversations;

[GenerateSerializer, Immutable]
public sealed record ReplyCommand(
    [property: Id(0)] CareActor Actor,
    [property: Id(1)] string Text,
    [property: Id(2)] Visibility Visibility,
    [property: Id(3)] string? Signature,
    [property: Id(4)] string? RequestId);
