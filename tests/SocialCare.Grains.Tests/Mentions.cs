using SocialCare.Domain.Conversations;
using SocialCare.Grains.Abstractions.Conversations;
using SocialCare.Grains.Abstractions;

namespace SocialCare.Grains.Tests;

internal static class Mentions
{
    public static Mention Make(string tenantId, string authorId, string text, Channel channel = Channel.X, string? messageId = null) =>
        new(tenantId, channel, messageId ?? Guid.NewGuid().ToString("N"), null, null,
            new AuthorProfile(authorId, $"@{authorId}", authorId, 100, false), text, Visibility.Public, null);

    public static Task<IngestReceipt> IngestAsync(this IGrainFactory grains, Mention mention) =>
        grains.GetGrain<IAuthorGrain>(GrainKeys.AuthorOf(mention)).IngestAsync(mention);

    public static IConversationGrain Conversation(this IGrainFactory grains, string tenantId, string conversationId) =>
        grains.GetGrain<IConversationGrain>(GrainKeys.Conversation(tenantId, conversationId));
}
