using SocialCare.Domain.Knowledge;
using SocialCare.Domain.SavedReplies;

namespace SocialCare.Grains.Abstractions.Knowledge;

/// <summary>
/// A tenant's knowledge search: its saved replies and its resolved conversations, found by words.
/// Keyed by tenant id; a stateless worker, since the index lives in storage and the saved replies
/// with the tenant's settings.
/// </summary>
public interface IKnowledgeGrain : IGrainWithStringKey
{
    Task<KnowledgeResults> SearchAsync(KnowledgeQuery query);
}

/// <param name="Text">The words asked for.</param>
/// <param name="TeamId">Only what this team may use and its resolved cases; null for the whole tenant.</param>
/// <param name="Take">The most hits of each kind.</param>
[GenerateSerializer, Immutable]
public sealed record KnowledgeQuery(
    [property: Id(0)] string Text,
    [property: Id(1)] string? TeamId,
    [property: Id(2)] int Take)
{
    /// <summary>The most hits of each kind one search returns.</summary>
    public const int MaxTake = 50;
}

/// <summary>What a search found, best first: saved replies, and resolved conversations.</summary>
[GenerateSerializer, Immutable]
public sealed record KnowledgeResults(
    [property: Id(0)] IReadOnlyList<SavedReplyHit> SavedReplies,
    [property: Id(1)] IReadOnlyList<KnowledgeHit> Conversations);

[GenerateSerializer, Immutable]
public sealed record SavedReplyHit(
    [property: Id(0)] SavedReply SavedReply,
    [property: Id(1)] double Score);
