using SocialCare.Domain.Errors;
using SocialCare.Domain.Tenants;

namespace SocialCare.Domain.Tests;

public sealed class TrackingRulesTests
{
    private static readonly TrackingRules Rules = new(["Acme Air", "#acme"], ["job", "stock"], ["en", "fr"], "pr");

    [Theory]
    [InlineData("Flying ACME AIR tomorrow", "acme air")]
    [InlineData("@Acme's lounge is lovely", "acme")]
    [InlineData("love #acme", "#acme")]
    [InlineData("acme", "acme")]
    [InlineData("bryant's ryan", "ryan")]
    public void A_term_is_found_as_a_whole_word_in_any_case(string text, string term) =>
        Assert.True(TrackingRules.ContainsWord(text, term));

    [Theory]
    [InlineData("Kobe Bryant", "ryan")]
    [InlineData("acmeair is a username", "acme")]
    [InlineData("#acmes", "#acme")]
    public void A_term_inside_a_longer_word_is_not_found(string text, string term) =>
        Assert.False(TrackingRules.ContainsWord(text, term));

    [Theory]
    [InlineData("Flying Acme Air tomorrow!", "en", true, "")]
    [InlineData("Vol avec acme air demain", null, true, "")]
    [InlineData("Acme Air is hiring: job in Paris", "en", false, "excluded term \"job\"")]
    [InlineData("Flug mit Acme Air", "de", false, "language \"de\"")]
    [InlineData("Flying tomorrow", "EN", false, "none of the tenant's tracked keywords")]
    public void Keyword_mentions_are_judged_by_language_exclusions_and_keywords(string text, string? language, bool taken, string reason)
    {
        var verdict = Rules.Judge(text, language);
        Assert.Equal(taken, verdict.Taken);
        Assert.Contains(reason, verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void No_rules_take_every_keyword_mention() =>
        Assert.True(TrackingRules.None.Judge("anything at all", "xx").Taken);

    [Theory]
    [InlineData("tenant.tracking.keywords[1]", new[] { "ok", " " }, new string[0], new string[0], null)]
    [InlineData("tenant.tracking.languages[0]", new string[0], new string[0], new[] { "english" }, null)]
    [InlineData("tenant.tracking.team_id", new string[0], new string[0], new string[0], "nobody")]
    public void Bad_rules_are_refused_naming_the_field(string field, string[] keywords, string[] exclusions, string[] languages, string? team)
    {
        var tenant = TenantSettings.Starter("acme", "Acme") with { Tracking = new TrackingRules(keywords, exclusions, languages, team) };
        Assert.Equal(field, Assert.Throws<CareException>(() => tenant.Validated(Samples.Monday0900)).Field);
    }
}
