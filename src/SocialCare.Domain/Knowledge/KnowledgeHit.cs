namespace SocialCare.Domain.Knowledge;

/// <summary>A resolved conversation found for a query, with how well it matched (higher is better, comparable within one search).</summary>
[GenerateSerializer, Immutable]
public sealed record KnowledgeHit(
    [property: Id(0)] KnowledgeEntry Entry,
    [property: Id(1)] double Score);
