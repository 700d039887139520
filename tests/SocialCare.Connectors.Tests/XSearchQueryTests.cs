using SocialCare.Connectors.Delivery;
using SocialCare.Connectors.Listening;

namespace SocialCare.Connectors.Tests;

public sealed class XSearchQueryTests
{
    [Fact]
    public void Keywords_are_any_of_phrases_quoted_with_exclusions_languages_no_reposts_and_not_the_brands_own()
    {
        var (query, leftOut) = XSearchQuery.Build(["Acme Air", "acmeair", "#AcmeSale", "ACMEAIR"], ["job", "Acme Air Cargo"], ["en", "fr"], "9000");

        Assert.Equal("(\"Acme Air\" OR acmeair OR \"#AcmeSale\") -job -\"Acme Air Cargo\" (lang:en OR lang:fr) -is:retweet -from:9000", query);
        Assert.Empty(leftOut);
    }

    [Fact]
    public void No_keyword_means_nothing_to_search_for_and_quotes_cannot_break_the_query()
    {
        Assert.Null(XSearchQuery.Build([], ["job"], [], "9000").Query);
        Assert.Null(XSearchQuery.Build(["\"\"", "  "], [], [], "9000").Query);
        Assert.Equal("\"Acme OR Air\" -is:retweet -from:9000", XSearchQuery.Build(["Acme\" OR \"Air"], [], [], "9000").Query);
    }

    [Fact]
    public void Keywords_beyond_xs_query_length_are_left_out_and_named()
    {
        var keywords = Enumerable.Range(0, 80).Select(i => $"keyword{i:00}").ToList();

        var (query, leftOut) = XSearchQuery.Build(keywords, [], [], "9000");

        Assert.True(query!.Length <= XSearchQuery.MaxLength, query);
        Assert.NotEmpty(leftOut);
        Assert.Equal(keywords, [.. keywords.Where(k => query.Contains(k, StringComparison.Ordinal)), .. leftOut]);
    }

    [Theory]
    [InlineData("""{"accounts":[{"channel":"X","accountId":"9000","accessToken":"t"}],"listening":{"interval":"00:00:01"}}""", "listening.interval")]
    [InlineData("""{"accounts":[{"channel":"X","accountId":"9000","accessToken":"t"}],"listening":{"maxResults":5}}""", "listening.maxResults")]
    [InlineData("""{"accounts":[{"channel":"X","accountId":"9000","accessToken":"t"}],"listening":{"maxPages":0}}""", "listening.maxPages")]
    public void Listening_settings_out_of_range_are_refused_naming_the_setting(string json, string setting)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, json);
            var refused = Assert.Throws<ArgumentException>(() => ConnectorSettings.Load(path, _ => null));
            Assert.StartsWith(setting, refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
