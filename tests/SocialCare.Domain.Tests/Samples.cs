using SocialCare.Domain.Access;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Triage;

namespace SocialCare.Domain.Tests;

internal static class Samples
{
    public static readonly DateTimeOffset Monday0900 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    public static AuthorProfile Author(string id = "u1", long followers = 10, bool verified = false) =>
        new(id, $"@{id}", $"User {id}", followers, verified);

    public static Mention Mention(string messageId, string text = "Where is my order?", Channel channel = Channel.X, string authorId = "u1") =>
        new("acme", channel, messageId, null, null, Author(authorId), text, Visibility.Public, null);

    public static TriageResult Triage(Category category = Category.Question, Priority priority = Priority.Low) =>
        new(category, priority, Sentiment.Neutral, "test");

    public static Conversation Opened(DateTimeOffset at, Priority priority = Priority.High)
    {
        var conversation = new Conversation();
        conversation.Open("c1", "cust1", "first-line", Mention("m1"), Triage(Category.Complaint, priority), at);
        return conversation;
    }

    public static Conversation ResolvedAt(DateTimeOffset at)
    {
        var conversation = Opened(at);
        conversation.Resolve(CareActor.Agent("agent"), null, at);
        return conversation;
    }
}
