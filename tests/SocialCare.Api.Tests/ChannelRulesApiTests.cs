using Grpc.Core;

namespace SocialCare.Api.Tests;

/// <summary>The networks' reply rules as a client meets them: FAILED_PRECONDITION before anything is stored.</summary>
[Collection(ApiCollection.Name)]
public sealed class ChannelRulesApiTests(ApiFixture api)
{
    [Fact]
    public async Task A_public_reply_on_x_to_a_post_found_by_keyword_is_refused_and_a_private_one_is_taken()
    {
        var tenant = await api.NewTenantAsync();
        var mention = Requests.Mention(tenant, "kw-author", "Flying with them tomorrow, wish me luck");
        mention.KeywordMatch = true;
        var opened = await api.Ingest.IngestMentionAsync(Requests.Ingest(mention));

        var refused = await Expect.Fails(
            api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = opened.Conversation, AgentId = "jd", Text = "Have a good flight!", Visibility = Wire.Visibility.Public }),
            StatusCode.FailedPrecondition);
        Assert.Contains("Reply privately", refused.Status.Detail, StringComparison.Ordinal);
        var history = await api.Conversations.ListConversationMessagesAsync(new Wire.ListConversationMessagesRequest { Parent = opened.Conversation });
        Assert.Single(history.Messages);

        var reply = await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = opened.Conversation, AgentId = "jd", Text = "Have a good flight!", Visibility = Wire.Visibility.Private });
        Assert.Equal(Wire.Visibility.Private, reply.Reply.Visibility);
    }
}
