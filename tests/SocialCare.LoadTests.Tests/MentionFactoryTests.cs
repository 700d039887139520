using SocialCare.LoadTests.Care;

namespace SocialCare.LoadTests.Tests;

/// <summary>Who the synthetic mentions come from decides how many open conversations.</summary>
public sealed class MentionFactoryTests
{
    [Fact]
    public void With_no_author_pool_every_mention_comes_from_a_new_customer()
    {
        var factory = new MentionFactory("brand", "run", authors: 0);
        var authors = Enumerable.Range(0, 5_000).Select(i => factory.Create("ingest", i).Author.NetworkUserId).ToList();
        Assert.Equal(authors.Count, authors.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void A_pool_of_authors_is_shared_by_the_mentions_and_each_author_keeps_one_channel()
    {
        var factory = new MentionFactory("brand", "run", authors: 50);
        var mentions = Enumerable.Range(0, 5_000).Select(i => factory.Create("ingest", i)).ToList();
        var byAuthor = mentions.GroupBy(m => m.Author.NetworkUserId, StringComparer.Ordinal).ToList();
        Assert.Equal(50, byAuthor.Count);
        Assert.All(byAuthor, g => Assert.Single(g.Select(m => m.Channel).Distinct()));
        Assert.Equal(mentions.Count, mentions.Select(m => m.NetworkMessageId).Distinct(StringComparer.Ordinal).Count());
    }
}
