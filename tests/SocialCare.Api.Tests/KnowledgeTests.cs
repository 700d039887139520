using Grpc.Core;

namespace SocialCare.Api.Tests;

/// <summary>SearchKnowledge on a real host: saved replies and answered, resolved conversations, found by words.</summary>
[Collection(ApiCollection.Name)]
public sealed class KnowledgeTests(ApiFixture api)
{
    private Task<string> TenantAsync() => api.NewTenantAsync(t => t.SavedReplies.Add(
    [
        new Wire.SavedReply { Id = "lost-bag", Title = "Lost bag", Text = "So sorry your bag is missing. File a report at baggage services and we will trace it." },
        new Wire.SavedReply { Id = "legal-hold", Title = "Legal", Text = "Our legal team will contact you about your claim.", TeamId = "legal" },
        new Wire.SavedReply { Id = "seat-change", Title = "Seats", Text = "You can change your seat in the app." },
    ]));

    private async Task<string> ResolvedAsync(string tenant, string question, string? answer)
    {
        var conversation = (await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, $"a{Guid.NewGuid():N}"[..12], question)))).Conversation;
        if (answer is not null)
        {
            await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = conversation, AgentId = "jd", Text = answer, Visibility = Wire.Visibility.Private });
        }

        await api.Conversations.ResolveConversationAsync(new Wire.ResolveConversationRequest { Name = conversation, AgentId = "jd" });
        return conversation;
    }

    [Fact]
    public async Task A_resolved_case_and_a_saved_reply_are_found_by_words_with_personal_data_masked()
    {
        var tenant = await TenantAsync();
        var bag = await ResolvedAsync(tenant, "My bags never arrived in Paris, card 4111 1111 1111 1111 was charged for them", "Found your bags: they arrive tonight, refund of the fee on its way.");
        await ResolvedAsync(tenant, "Can I bring my cat on board?", "Yes, pets under 8 kg travel in the cabin.");
        await ResolvedAsync(tenant, "Where is my lost bag?", null);

        var found = await api.Knowledge.SearchKnowledgeAsync(new Wire.SearchKnowledgeRequest { Parent = $"tenants/{tenant}", Query = "lost bag" });

        Assert.Equal(["lost-bag"], found.SavedReplies.Select(m => m.SavedReply.Id));
        var hit = Assert.Single(found.ResolvedConversations);
        Assert.Equal(bag, hit.Conversation);
        Assert.Contains("•••• 1111", hit.Question, StringComparison.Ordinal);
        Assert.DoesNotContain("4111 1111", hit.Question, StringComparison.Ordinal);
        Assert.Equal("Found your bags: they arrive tonight, refund of the fee on its way.", hit.Answer);
        Assert.Equal(Wire.Channel.X, hit.Channel);

        var pets = await api.Knowledge.SearchKnowledgeAsync(new Wire.SearchKnowledgeRequest { Parent = $"tenants/{tenant}", Query = "travelling with pets" });
        Assert.Empty(pets.SavedReplies);
        Assert.Contains("cat on board", Assert.Single(pets.ResolvedConversations).Question, StringComparison.Ordinal);

        var legal = await api.Knowledge.SearchKnowledgeAsync(new Wire.SearchKnowledgeRequest { Parent = $"tenants/{tenant}", Query = "legal claim" });
        Assert.Equal(["legal-hold"], legal.SavedReplies.Select(m => m.SavedReply.Id));
        var firstLine = await api.Knowledge.SearchKnowledgeAsync(new Wire.SearchKnowledgeRequest { Parent = $"tenants/{tenant}", Query = "legal claim bags", TeamId = "first-line" });
        Assert.Equal(["lost-bag"], firstLine.SavedReplies.Select(m => m.SavedReply.Id));
        Assert.Equal([bag], firstLine.ResolvedConversations.Select(c => c.Conversation));
        var secondLine = await api.Knowledge.SearchKnowledgeAsync(new Wire.SearchKnowledgeRequest { Parent = $"tenants/{tenant}", Query = "bags", TeamId = "second-line" });
        Assert.Empty(secondLine.ResolvedConversations);
    }

    [Fact]
    public async Task A_query_without_words_an_unknown_team_or_a_page_too_large_is_refused_naming_the_field()
    {
        var tenant = await TenantAsync();
        Wire.SearchKnowledgeRequest Request(string query, string team = "", int pageSize = 0) => new() { Parent = $"tenants/{tenant}", Query = query, TeamId = team, PageSize = pageSize };

        await Expect.Fails(api.Knowledge.SearchKnowledgeAsync(Request("  ")), StatusCode.InvalidArgument, "query");
        await Expect.Fails(api.Knowledge.SearchKnowledgeAsync(Request("the and of")), StatusCode.InvalidArgument, "query");
        await Expect.Fails(api.Knowledge.SearchKnowledgeAsync(Request(new string('a', 201))), StatusCode.InvalidArgument, "query");
        await Expect.Fails(api.Knowledge.SearchKnowledgeAsync(Request("bag", "ghosts")), StatusCode.NotFound, "team_id");
        await Expect.Fails(api.Knowledge.SearchKnowledgeAsync(Request("bag", pageSize: 51)), StatusCode.InvalidArgument, "page_size");
        await Expect.Fails(api.Knowledge.SearchKnowledgeAsync(new Wire.SearchKnowledgeRequest { Parent = "tenants/nobody-here", Query = "bag" }), StatusCode.NotFound);
    }
}
