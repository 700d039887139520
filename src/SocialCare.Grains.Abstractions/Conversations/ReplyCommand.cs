using SocialCare.Domain.Access;
using SocialCare.Domain.Conversations;

namespace SocialCare.Grains.Conversations;

[GenerateSerializer, Immutable]
public sealed record ReplyCommand(
    [property: Id(0)] CareActor Actor,
    [property: Id(1)] string Text,
    [property: Id(2)] Visibility Visibility,
    [property: Id(3)] string? Signature,
    [property: Id(4)] string? RequestId)
{
    /// <summary>A saved reply to send instead of <see cref="Text"/>, rendered with <see cref="Variables"/> and what the conversation knows.</summary>
    [Id(5)] public string? SavedReplyId { get; init; }

    /// <summary>Values for the saved reply's variables (the caller's own: agent.name, agent.signature, and any tenant-defined ones).</summary>
    [Id(6)] public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>The number of an earlier reply this one corrects, for the history.</summary>
    [Id(7)] public int? Corrects { get; init; }

    /// <summary>The author's name, for the tenant's sign-off when <see cref="Signature"/> is null.</summary>
    [Id(8)] public string? AgentName { get; init; }
}
