using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Triage;

namespace SocialCare.Api.Tests.Operations;

/// <summary>A host whose default triage fails on every message, as a regex timeout under a long GC pause made it.</summary>
public sealed class FailingTriageApiFixture : ApiFixture
{
    protected override void ConfigureServices(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<ITriageClassifier, TimingOutClassifier>());

    private sealed class TimingOutClassifier : ITriageClassifier
    {
        public TriageResult Classify(string text, AuthorProfile author) =>
            throw new RegexMatchTimeoutException(text, "(praise)(for failure)", TimeSpan.FromMilliseconds(100));
    }
}

[CollectionDefinition(Name)]
public sealed class FailingTriageCollection : ICollectionFixture<FailingTriageApiFixture>
{
    public const string Name = "failing-triage";
}

[Collection(FailingTriageCollection.Name)]
public sealed class TriageFailureTests(FailingTriageApiFixture api)
{
    [Fact]
    public async Task A_message_triage_cannot_read_is_stored_and_queued_for_an_agent_to_read()
    {
        var tenant = await api.NewTenantAsync();

        var receipt = await api.Ingest.IngestMentionAsync(Requests.Ingest(Requests.Mention(tenant, "ann", "Thanks for nothing, my bag is lost")));

        Assert.True(receipt.NewConversation);
        Assert.Equal((Wire.Category.Remark, Wire.Priority.Normal), (receipt.Triage.Category, receipt.Triage.Priority));
        Assert.StartsWith("not triaged", receipt.Triage.Reason, StringComparison.Ordinal);
        var conversation = (await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = receipt.Conversation })).Conversation;
        Assert.Equal("Thanks for nothing, my bag is lost", Assert.Single(conversation.Messages).Text);
        var queue = await api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}" });
        Assert.Equal(receipt.Conversation, Assert.Single(queue.Items).Conversation);
    }
}
