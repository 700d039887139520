using Orleans.Concurrency;
using SocialCare.Domain.Knowledge;
using SocialCare.Grains.Tenants;
using SocialCare.Grains.Abstractions.Knowledge;

namespace SocialCare.Grains.Knowledge;

[StatelessWorker]
internal sealed class KnowledgeGrain(ITenantDirectory tenants, IKnowledgeIndex index) : Grain, IKnowledgeGrain
{
    private string TenantId => field ??= this.GetPrimaryKeyString();

    public async Task<KnowledgeResults> SearchAsync(KnowledgeQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var terms = KnowledgeText.QueryTerms("query", query.Text);
        var take = Math.Clamp(query.Take, 1, KnowledgeQuery.MaxTake);
        var settings = await tenants.GetAsync(TenantId);
        settings.RequireTeam(query.TeamId, "team_id");
        var savedReplies = settings.SavedReplies
            .Where(r => query.TeamId is null || r.TeamId is null || r.TeamId == query.TeamId)
            .Select(r => new SavedReplyHit(r, KnowledgeText.Score(terms, $"{r.Title}\n{r.Text}")))
            .Where(h => h.Score > 0)
            .OrderByDescending(h => h.Score)
            .ThenBy(h => h.SavedReply.Id, StringComparer.Ordinal)
            .Take(take)
            .ToList();
        var conversations = await index.SearchAsync(TenantId, query.Text, terms, query.TeamId, take);
        return new KnowledgeResults(savedReplies, conversations);
    }
}
