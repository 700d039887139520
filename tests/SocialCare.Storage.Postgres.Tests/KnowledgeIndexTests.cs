using Npgsql;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Knowledge;
using SocialCare.Domain.Triage;
using SocialCare.Storage.Postgres.Journal;
using SocialCare.Storage.Postgres.Migrations;

namespace SocialCare.Storage.Postgres.Tests;

/// <summary>Knowledge search on PostgreSQL's full-text search: any word matches, more of them rank higher, English and French stemmed.</summary>
[Collection(PostgresCollection.Name)]
public sealed class KnowledgeIndexTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static KnowledgeEntry Entry(string tenant, string conversation, string question, string answer, string team = "first-line", int minutes = 0) =>
        new(tenant, conversation, team, Channel.X, Category.Complaint, question, answer, T0.AddMinutes(minutes));

    private async Task<(PostgresKnowledgeIndex Index, NpgsqlDataSource Source)> IndexAsync()
    {
        var source = NpgsqlDataSource.Create(await postgres.NewDatabaseAsync());
        await new SchemaMigrator(source).MigrateAsync();
        return (new PostgresKnowledgeIndex(source), source);
    }

    private static Task<IReadOnlyList<KnowledgeHit>> Search(PostgresKnowledgeIndex index, string tenant, string query, string? team = null) =>
        index.SearchAsync(tenant, query, KnowledgeText.QueryTerms("query", query), team, 10);

    [Fact]
    public async Task Any_word_finds_a_case_and_cases_with_more_of_the_words_come_first()
    {
        var (index, source) = await IndexAsync();
        await using var _ = source;
        await index.RecordAsync(Entry("acme", "c1", "My luggage was lost on the flight to Rome", "We traced your luggage; it arrives tomorrow.", minutes: 1));
        await index.RecordAsync(Entry("acme", "c2", "The flight was delayed three hours", "Sorry for the delay; here is a voucher.", minutes: 2));
        await index.RecordAsync(Entry("acme", "c3", "Refunds for cancelled flights?", "Refunds take 7 days.", team: "second-line", minutes: 3));
        await index.RecordAsync(Entry("other", "c9", "Lost luggage again", "Traced.", minutes: 4));

        var luggage = await Search(index, "acme", "lost luggage flight");
        // c1 has all three words; c2 and c3 only "flight".
        Assert.Equal("c1", luggage[0].Entry.ConversationId);
        Assert.Equal(["c2", "c3"], luggage.Skip(1).Select(h => h.Entry.ConversationId).Order());
        Assert.True(luggage[0].Score > luggage[1].Score);
        Assert.Equal("We traced your luggage; it arrives tomorrow.", luggage[0].Entry.Answer);

        // "refund" finds "Refunds", "cancelled" finds "cancel": stemmed.
        Assert.Equal(["c3"], (await Search(index, "acme", "refund cancel")).Select(h => h.Entry.ConversationId));
        Assert.Equal(["c1", "c2"], (await Search(index, "acme", "flight", "first-line")).Select(h => h.Entry.ConversationId).Order());
        Assert.Empty(await Search(index, "acme", "wheelchair"));
    }

    [Fact]
    public async Task French_cases_are_found_by_other_forms_of_their_words_and_a_second_resolution_replaces_the_first()
    {
        var (index, source) = await IndexAsync();
        await using var _ = source;
        await index.RecordAsync(Entry("acme", "c1", "Je demande le remboursement de mon billet annulé", "Votre remboursement est en cours."));

        Assert.Equal(["c1"], (await Search(index, "acme", "rembourser billets")).Select(h => h.Entry.ConversationId));

        await index.RecordAsync(Entry("acme", "c1", "Je demande le remboursement de mon billet annulé", "Le bagage est retrouvé.", minutes: 30));
        var again = Assert.Single(await Search(index, "acme", "bagages"));
        Assert.Equal(("Le bagage est retrouvé.", T0.AddMinutes(30)), (again.Entry.Answer, again.Entry.ResolvedAt));
        await using var count = source.CreateCommand("SELECT count(*) FROM socialcare_knowledge");
        Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
    }
}
