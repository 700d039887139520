using FsCheck;
using FsCheck.Fluent;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Policies;
using SocialCare.Domain.Sla;
using SocialCare.Domain.Tenants;
using SocialCare.Domain.Triage;

namespace SocialCare.Domain.Tests;

/// <summary>The brand's care policy as data: the default changes nothing, the first match decides, every condition and action does what it says.</summary>
public sealed class CarePolicyTests
{
    /// <summary>A calendar with no opening hours: closed at every instant.</summary>
    private static readonly BusinessCalendar NeverOpen = new("UTC", false, [], []);

    private static readonly TenantSettings Tenant = TenantSettings.Starter("acme", "Acme").Validated(Samples.Monday0900);

    private static PolicyFacts Facts(
        string text = "Where is my order?",
        Category category = Category.Question,
        long followers = 10,
        bool verified = false,
        bool keyword = false,
        bool followUp = false,
        Channel channel = Channel.X,
        string? language = "en",
        string handle = "@u1",
        Sentiment sentiment = Sentiment.Neutral,
        double confidence = 0.9,
        bool open = true,
        AccountPurpose? purpose = null)
    {
        var author = new AuthorProfile("u1", handle, "User", followers, verified);
        var triage = new TriageResult(category, PriorityRules.For(category, author), sentiment, "test") { Confidence = confidence, Language = language };
        return new PolicyFacts(channel, "acct-1", purpose, text, language, author, "cust-1", triage, followUp, keyword, open ? BusinessCalendar.TwentyFourSeven : NeverOpen, Samples.Monday0900);
    }

    private static PolicyRule Rule(string id, PolicyConditions? when = null, PolicyActions? then = null, bool @continue = false) =>
        new(id, "", when ?? PolicyConditions.Always, then ?? new PolicyActions(), @continue);

    private static CarePolicy Policy(params PolicyRule[] rules) => new CarePolicy(3, rules, Samples.Monday0900, "admin").Validated(Tenant);

    [Fact]
    public void The_default_policy_reproduces_the_fixed_order_for_every_category_author_and_addressing()
    {
        var bools = ArbMap.Default.GeneratorFor<bool>();
        var prop = Prop.ForAll(
            Gen.Zip(Gen.Elements(Enum.GetValues<Category>()), Gen.Elements(0L, 9_999L, 10_000L, 2_000_000L), (category, followers) => (category, followers)).ToArbitrary(),
            Gen.Zip(bools, bools, (verified, keyword) => (verified, keyword)).ToArbitrary(),
            (message, author) =>
            {
                var (category, followers) = message;
                var (verified, keyword) = author;
                var facts = Facts(category: category, followers: followers, verified: verified, keyword: keyword);
                var decision = CarePolicy.Default.Decide(facts, "first-line");
                var expected = keyword ? Priority.Low : PriorityRules.For(category, facts.Author);
                return decision.Priority == expected && decision.TeamId == "first-line" && decision.Tags.Count == 0
                    && !decision.RequireApproval && decision.MatchedRules.Count == 0 && decision.PolicyVersion == 0
                    && decision.PriorityReasons[^1].Priority == expected;
            });
        Check.QuickThrowOnFailure(prop);
    }

    [Fact]
    public void The_first_matching_rule_decides_unless_it_continues_and_later_rules_then_apply_on_top()
    {
        var prop = Prop.ForAll(
            Gen.Zip(
                Gen.Zip(ArbMap.Default.GeneratorFor<bool>(), ArbMap.Default.GeneratorFor<bool>(), (matches, continues) => (matches, continues)),
                Gen.Elements(Enum.GetValues<Priority>()),
                (flags, priority) => (flags.matches, flags.continues, priority)).ListOf().ToArbitrary(),
            specs =>
            {
                // A rule matches when it names the message's channel (X); the others name Facebook.
                var rules = specs.Select((s, i) => Rule(
                    $"r{i}",
                    new PolicyConditions { Channels = [s.Item1 ? Channel.X : Channel.Facebook] },
                    new PolicyActions { SetPriority = s.Item3, Tags = [$"t{i}"] },
                    s.Item2)).ToArray();
                var decision = Policy(rules).Decide(Facts(), "first-line");

                var applied = new List<int>();
                for (var i = 0; i < specs.Count; i++)
                {
                    if (specs[i].Item1)
                    {
                        applied.Add(i);
                        if (!specs[i].Item2)
                        {
                            break;
                        }
                    }
                }

                var expectedPriority = applied.Count == 0 ? PriorityRules.For(Category.Question, Facts().Author) : specs[applied[^1]].Item3;
                return decision.MatchedRules.SequenceEqual(applied.Select(i => $"r{i}"))
                    && decision.Tags.SequenceEqual(applied.Select(i => $"t{i}"))
                    && decision.Priority == expectedPriority
                    && decision.PolicyVersion == 3;
            });
        Check.QuickThrowOnFailure(prop);
    }

    [Fact]
    public void A_vip_rule_sets_priority_routes_the_opening_and_says_why()
    {
        var policy = Policy(Rule("vip", new PolicyConditions { Handles = ["KLM_Fan"] }, new PolicyActions { SetPriority = Priority.Urgent, RouteToTeam = "first-line", Tags = ["vip"], RequireApproval = true }));

        var opening = policy.Decide(Facts(handle: "@klm_fan"), "other");
        Assert.Equal((Priority.Urgent, "first-line", true), (opening.Priority, opening.TeamId, opening.RequireApproval));
        Assert.Equal(["vip"], opening.Tags);
        Assert.Equal(["vip"], opening.MatchedRules);
        Assert.Equal(["category", "rule:vip"], opening.PriorityReasons.Select(r => r.Source));
        Assert.Equal("rule vip sets urgent", opening.PriorityReasons[^1].Why);

        // A follow-up stays with the team its conversation is in.
        Assert.Equal("other", policy.Decide(Facts(handle: "KLM_FAN", followUp: true), "other").TeamId);
        Assert.Empty(policy.Decide(Facts(handle: "@klm_fan2"), "other").MatchedRules);
    }

    [Fact]
    public void Priority_moves_by_levels_within_urgent_and_low_and_influence_is_explained()
    {
        var raise = Policy(Rule("up", then: new PolicyActions { RaisePriority = 3 }));
        var lower = Policy(Rule("down", then: new PolicyActions { RaisePriority = -2 }));

        Assert.Equal(Priority.Urgent, raise.Decide(Facts(category: Category.Complaint), "t").Priority);
        Assert.Equal(Priority.Low, lower.Decide(Facts(category: Category.BookingHelp), "t").Priority);
        var influential = CarePolicy.Default.Decide(Facts(category: Category.BookingHelp, followers: 50_000), "t");
        Assert.Equal(Priority.High, influential.Priority);
        Assert.Equal(["category", "influence"], influential.PriorityReasons.Select(r => r.Source));
        Assert.Contains("50,000 followers", influential.PriorityReasons[1].Why, StringComparison.Ordinal);
        Assert.Equal("rule up raises it 3 levels to urgent", raise.Decide(Facts(category: Category.Question), "t").PriorityReasons[^1].Why);
    }

    [Theory]
    [InlineData("keywords")]
    [InlineData("exclusions")]
    [InlineData("languages")]
    [InlineData("sentiments")]
    [InlineData("min_complaint_confidence")]
    [InlineData("min_followers")]
    [InlineData("verified")]
    [InlineData("business_hours")]
    [InlineData("position")]
    [InlineData("addressing")]
    [InlineData("account_purposes")]
    [InlineData("customer_ids")]
    public void Each_condition_matches_what_it_names_and_a_preview_names_the_one_that_failed(string condition)
    {
        var (when, matching, other) = condition switch
        {
            "keywords" => (new PolicyConditions { Keywords = ["refund"] }, Facts(text: "I want a REFUND now"), Facts(text: "refunded already")),
            "exclusions" => (new PolicyConditions { Exclusions = ["job"] }, Facts(text: "no jobs here"), Facts(text: "Any job openings?")),
            "languages" => (new PolicyConditions { Languages = ["fr"] }, Facts(language: "fr"), Facts(language: null)),
            "sentiments" => (new PolicyConditions { Sentiments = [Sentiment.Negative] }, Facts(sentiment: Sentiment.Negative), Facts(sentiment: Sentiment.Positive)),
            "min_complaint_confidence" => (new PolicyConditions { MinComplaintConfidence = 0.8 }, Facts(category: Category.Complaint, confidence: 0.85), Facts(category: Category.Question, confidence: 0.99)),
            "min_followers" => (new PolicyConditions { MinFollowers = 1_000 }, Facts(followers: 1_000), Facts(followers: 999)),
            "verified" => (new PolicyConditions { Verified = true }, Facts(verified: true), Facts(verified: false)),
            "business_hours" => (new PolicyConditions { BusinessHours = BusinessHoursCondition.Closed }, Facts(open: false), Facts(open: true)),
            "position" => (new PolicyConditions { Position = MessagePosition.FollowUp }, Facts(followUp: true), Facts(followUp: false)),
            "addressing" => (new PolicyConditions { Addressing = Addressing.Keyword }, Facts(keyword: true), Facts(keyword: false)),
            "account_purposes" => (new PolicyConditions { AccountPurposes = [AccountPurpose.Marketing] }, Facts(purpose: AccountPurpose.Marketing), Facts(purpose: null)),
            "customer_ids" => (new PolicyConditions { CustomerIds = ["cust-1"] }, Facts(), Facts() with { CustomerId = "cust-2" }),
            _ => throw new ArgumentOutOfRangeException(nameof(condition)),
        };
        var policy = Policy(Rule("only", when, new PolicyActions { Tags = ["hit"] }));

        Assert.Equal(["hit"], policy.Decide(matching, "t").Tags);
        Assert.Empty(policy.Decide(other, "t").Tags);
        var verdict = Assert.Single(policy.Explain(other));
        Assert.Equal(("only", false, true, condition), (verdict.RuleId, verdict.Matched, verdict.Reached, verdict.Unmet));
    }

    [Fact]
    public void A_keyword_is_found_among_the_texts_words_exactly_where_a_whole_word_search_finds_it()
    {
        // Letters, digits, case pairs, accents, a non-letter script and separators, short enough
        // that terms often land inside, across or beside words.
        var pieces = Gen.Elements("a", "A", "b", "1", "é", "É", "東", " ", "-", "@", "'", ".", "ß", "SS", "\u0301");
        var prop = Prop.ForAll(
            pieces.ListOf().Select(p => string.Concat(p)).ToArbitrary(),
            pieces.NonEmptyListOf().Select(p => string.Concat(p)).ToArbitrary(),
            (text, term) => Facts(text: text).Mentions(term) == TrackingRules.ContainsWord(text, term));
        Check.QuickThrowOnFailure(prop);

        var facts = Facts(text: "Mon vol KL1234 est annulé, remboursez-moi");
        Assert.True(facts.Mentions("kl1234"));
        Assert.True(facts.Mentions("ANNULÉ"));
        Assert.True(facts.Mentions("remboursez-moi"));
        Assert.False(facts.Mentions("vols"));
        Assert.False((facts with { Text = "autre chose" }).Mentions("annulé"));
    }

    [Fact]
    public void A_preview_shows_the_rules_after_a_stopping_match_as_not_reached()
    {
        var policy = Policy(Rule("a", new PolicyConditions { Channels = [Channel.Facebook] }), Rule("b"), Rule("c"));
        Assert.Equal(
            [new RuleVerdict("a", false, true, "channels"), new RuleVerdict("b", true, true, ""), new RuleVerdict("c", false, false, "")],
            policy.Explain(Facts()));
    }

    [Fact]
    public void Business_hours_are_read_on_the_tenants_calendar()
    {
        var weekdays = new BusinessCalendar("Europe/Amsterdam", false, [.. Enumerable.Range(1, 5).Select(d => new BusinessHours((DayOfWeek)d, TimeSpan.FromHours(9), TimeSpan.FromHours(17)))], []);
        Assert.True(weekdays.IsOpenAt(Samples.Monday0900));
        Assert.False(weekdays.IsOpenAt(Samples.Monday0900.AddHours(-2)));
        Assert.False(weekdays.IsOpenAt(Samples.Monday0900.AddDays(5)));
        Assert.True(BusinessCalendar.TwentyFourSeven.IsOpenAt(Samples.Monday0900.AddDays(5)));
    }

    [Theory]
    [InlineData("route_to_team", "care_policy.rules[1].then.route_to_team")]
    [InlineData("duplicate", "care_policy.rules[1].rule_id")]
    [InlineData("rule_id", "care_policy.rules[1].rule_id")]
    [InlineData("language", "care_policy.rules[1].when.languages[0]")]
    [InlineData("raise", "care_policy.rules[1].then.raise_priority")]
    [InlineData("confidence", "care_policy.rules[1].when.min_complaint_confidence")]
    [InlineData("keyword", "care_policy.rules[1].when.keywords[1]")]
    [InlineData("tag", "care_policy.rules[1].then.tags[0]")]
    [InlineData("channel", "care_policy.rules[1].when.channels[0]")]
    public void Saving_refuses_a_bad_rule_naming_the_rule_and_the_field(string problem, string field)
    {
        var bad = problem switch
        {
            "route_to_team" => Rule("second", then: new PolicyActions { RouteToTeam = "billing" }),
            "duplicate" => Rule("first"),
            "rule_id" => Rule("Second Rule"),
            "language" => Rule("second", new PolicyConditions { Languages = ["french"] }),
            "raise" => Rule("second", then: new PolicyActions { RaisePriority = 4 }),
            "confidence" => Rule("second", new PolicyConditions { MinComplaintConfidence = 1.5 }),
            "keyword" => Rule("second", new PolicyConditions { Keywords = ["ok", " "] }),
            "tag" => Rule("second", then: new PolicyActions { Tags = ["Needs Review"] }),
            "channel" => Rule("second", new PolicyConditions { Channels = [(Channel)99] }),
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };

        var refused = Assert.Throws<CareException>(() => new CarePolicy(1, [Rule("first"), bad], Samples.Monday0900, "admin").Validated(Tenant));
        Assert.Equal(CareErrorKind.InvalidArgument, refused.Kind);
        Assert.Equal(field, refused.Field);
    }

    [Fact]
    public void A_team_a_rule_routes_to_cannot_be_removed_from_the_tenant()
    {
        var withVipDesk = (Tenant with { Teams = [.. Tenant.Teams, new Team("vip-desk", "VIP desk", TeamTier.SecondLine)] }).Validated(Samples.Monday0900);
        var routed = withVipDesk with { Policy = new CarePolicy(1, [Rule("vips", then: new PolicyActions { RouteToTeam = "vip-desk" })], Samples.Monday0900, "admin") };
        Assert.Same(routed.Policy, routed.Validated(Samples.Monday0900).Policy);

        var refused = Assert.Throws<CareException>(() => (routed with { Teams = Tenant.Teams }).Validated(Samples.Monday0900));
        Assert.Equal("care_policy.rules[0].then.route_to_team", refused.Field);
    }
}
