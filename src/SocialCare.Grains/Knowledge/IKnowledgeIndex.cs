using SocialCare.Domain.Knowledge;

namespace SocialCare.Grains.Knowledge;

/// <summary>
/// Where resolved conversations are kept for search: PostgreSQL's full-text search in the durable
/// profile, a bounded in-process index in development. Derived from the conversations (each
/// resolution writes its entry again), so an entry missed while storage was down is written by the
/// next resolution of that conversation rather than failing the resolution.
/// </summary>
public interface IKnowledgeIndex
{
    /// <summary>Adds or replaces the conversation's entry.</summary>
    Task RecordAsync(KnowledgeEntry entry, CancellationToken cancellationToken = default);

    /// <param name="terms">The query's words as <see cref="KnowledgeText.QueryTerms"/> gives them.</param>
    /// <param name="text">The query as asked (full-text search parses it itself).</param>
    Task<IReadOnlyList<KnowledgeHit>> SearchAsync(string tenantId, string text, IReadOnlyList<string> terms, string? teamId, int take, CancellationToken cancellationToken = default);
}
