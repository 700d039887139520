using SocialCare.Domain.Conversations;
using SocialCare.Domain.Guardrails;

namespace SocialCare.Domain.Tests;

public sealed class GuardrailTests
{
    private static FindingKind[] Kinds(string text, IReadOnlyList<TenantIdentifierPattern>? patterns = null) =>
        [.. PersonalData.Find(text, patterns).Select(f => f.Kind)];

    [Theory]
    [InlineData("card number 4111 1111 1111 1111 please")]
    [InlineData("4111-1111-1111-1111")]
    [InlineData("4111111111111111")]
    [InlineData("Mastercard 5555 5555 5555 4444")]
    [InlineData("new range 2223 0031 2200 3222")]
    [InlineData("amex 3782 822463 10005")]
    [InlineData("discover 6011 1111 1111 1117")]
    [InlineData("jcb 3530111333300000")]
    public void Valid_card_numbers_are_found_with_or_without_separators(string text) =>
        Assert.Equal([FindingKind.PaymentCard], Kinds(text));

    [Theory]
    [InlineData("order 4111 1111 1111 1112")]
    [InlineData("tracking 1234567890123456")]
    [InlineData("ref 0000000000000000")]
    [InlineData("booking 9012 3456 7890 1234")]
    [InlineData("flight AF1234 on 2026-12-01 at 10:45")]
    [InlineData("call us, we answer 24/7")]
    public void Numbers_that_only_look_like_cards_are_left_alone(string text) =>
        Assert.Empty(Kinds(text));

    [Theory]
    [InlineData("GB82 WEST 1234 5698 7654 32")]
    [InlineData("NL91ABNA0417164300")]
    [InlineData("iban: fr1420041010050500013m02606")]
    [InlineData("DE89 3704 0044 0532 0130 00")]
    public void Checksum_valid_ibans_are_found(string text) =>
        Assert.Equal([FindingKind.Iban], Kinds(text));

    [Theory]
    [InlineData("GB82 WEST 1234 5698 7654 33")]
    [InlineData("NL91ABNA041716430")]
    [InlineData("XX00 1234 5678 9012 34")]
    public void Ibans_failing_their_checksum_or_length_are_left_alone(string text) =>
        Assert.Empty(Kinds(text));

    [Theory]
    [InlineData("write to ann.lee+care@example.co.uk today", FindingKind.Email)]
    [InlineData("call +31 6 1234 5678", FindingKind.Phone)]
    [InlineData("call +1 (555) 123-4567", FindingKind.Phone)]
    [InlineData("ring 0044 20 7946 0958", FindingKind.Phone)]
    [InlineData("appelez le 06 12 34 56 78", FindingKind.Phone)]
    [InlineData("call (555) 123-4567", FindingKind.Phone)]
    [InlineData("call 555-123-4567", FindingKind.Phone)]
    public void Emails_and_phone_numbers_are_found(string text, FindingKind kind) =>
        Assert.Equal([kind], Kinds(text));

    [Theory]
    [InlineData("Your flight KL1234 leaves at 10:45 from gate D7.")]
    [InlineData("We refunded €120.50 on 01/12/2026; allow 5-7 days.")]
    [InlineData("See https://example.com/help/baggage?id=123456 for more")]
    [InlineData("Thanks @ann! Twitter handles are not e-mails.")]
    [InlineData("Version 10.4.2 fixed it; 3 of 4 bags arrived.")]
    public void Ordinary_replies_carry_no_personal_data(string text) =>
        Assert.Empty(Kinds(text));

    [Fact]
    public void Tenant_identifiers_are_found_by_the_tenants_pattern_and_masked_in_redaction()
    {
        TenantIdentifierPattern[] patterns = [new("member numbers", @"\bFB\d{9}\b")];
        const string Text = "Member FB123456789 paid with 4111 1111 1111 1111, mail ann@example.com";

        Assert.Equal([FindingKind.TenantIdentifier, FindingKind.PaymentCard, FindingKind.Email], Kinds(Text, patterns));
        Assert.Equal("Member •••• 6789 paid with •••• 1111, mail a•••@example.com", PersonalData.Redact(Text, patterns));
    }

    [Theory]
    [InlineData("this is shit")]
    [InlineData("what the f***")]
    [InlineData("sh1t happens")]
    [InlineData("$hit")]
    [InlineData("SHIIIIT")]
    [InlineData("quel bordel")]
    [InlineData("espèce d'enculé")]
    [InlineData("putain de retard")]
    [InlineData("p*tain")]
    public void Profanity_is_found_in_english_and_french_also_disguised(string text) =>
        Assert.Single(Profanity.Find(text));

    [Theory]
    [InlineData("Scunthorpe is lovely")]
    [InlineData("our assessment of the class action")]
    [InlineData("Thanks!!! Have a great flight")]
    [InlineData("Merci pour votre message, nous regardons cela.")]
    [InlineData("Cocktail hour at the Dickens bar")]
    public void Ordinary_words_containing_profanity_are_not_flagged(string text) =>
        Assert.Empty(Profanity.Find(text));

    [Fact]
    public void A_tenants_banned_words_are_refused_too() =>
        Assert.Equal("Blödmann", Assert.Single(Profanity.Find("Sie Blödmann", ["blodmann"])).Excerpt);

    [Fact]
    public void A_public_reply_with_account_data_is_blocked_but_a_private_one_passes_unless_the_tenant_forbids_it()
    {
        const string Reply = "Your card 4111 1111 1111 1111 was refunded. ^JD";

        var inPublic = ReplyGuardrails.Check(Reply, "^JD", Visibility.Public, GuardrailPolicy.Default);
        var inPrivate = ReplyGuardrails.Check(Reply, "^JD", Visibility.Private, GuardrailPolicy.Default);
        var regulated = ReplyGuardrails.Check(Reply, "^JD", Visibility.Private, GuardrailPolicy.Default with { PersonalDataInPrivate = false });

        var finding = Assert.Single(inPublic.Blocking);
        Assert.Equal((FindingKind.PaymentCard, 10, 19, "•••• 1111"), (finding.Kind, finding.Start, finding.Length, finding.Excerpt));
        Assert.Contains("privately", finding.Suggestion, StringComparison.Ordinal);
        Assert.False(inPrivate.Blocked);
        Assert.True(regulated.Blocked);
    }

    [Fact]
    public void Promises_shouting_signatures_alone_and_link_lists_are_judged_by_the_policy()
    {
        var policy = GuardrailPolicy.Default with { ForbiddenPromises = [new("refund guaranteed", GuardrailAction.Block), new("compensation", GuardrailAction.Warn)], MaxLinks = 1 };

        Assert.Equal(FindingKind.ForbiddenPromise, Assert.Single(ReplyGuardrails.Check("Refund guaranteed within a day!", null, Visibility.Public, policy).Blocking).Kind);
        Assert.Equal(FindingKind.ForbiddenPromise, Assert.Single(ReplyGuardrails.Check("We will look at compensation.", null, Visibility.Public, policy).Warnings).Kind);
        Assert.Equal(FindingKind.SignatureOnly, Assert.Single(ReplyGuardrails.Check("^JD", "^JD", Visibility.Public, policy).Blocking).Kind);
        Assert.Equal(FindingKind.Shouting, Assert.Single(ReplyGuardrails.Check("WE ARE LOOKING INTO IT NOW ^JD", "^JD", Visibility.Public, policy).Warnings).Kind);
        Assert.Equal(FindingKind.TooManyLinks, Assert.Single(ReplyGuardrails.Check("See https://a.example and www.b.example", null, Visibility.Public, policy).Blocking).Kind);
        Assert.Equal(GuardrailVerdict.Clear, ReplyGuardrails.Check("So sorry, Ann. We'll DM you to rebook you now. ^JD", "^JD", Visibility.Public, policy));
    }

    [Fact]
    public void A_forbidden_promise_is_pointed_at_where_it_stands_as_words()
    {
        var policy = GuardrailPolicy.Default with { ForbiddenPromises = [new("compensation", GuardrailAction.Warn)] };

        var finding = Assert.Single(ReplyGuardrails.Check("No compensations policy here, but compensation is possible.", null, Visibility.Public, policy).Warnings);

        Assert.Equal(34, finding.Start);
        Assert.Equal("compensation", finding.Excerpt);
    }

    [Fact]
    public void A_pathological_tenant_pattern_is_stopped_not_left_to_hang() =>
        Assert.Empty(new TenantIdentifierPattern("bad", "(a+)+$").Find(new string('a', 5000) + "!"));

    [Theory]
    [InlineData("31611111111", "•••• 1111")]
    [InlineData("+31 6 1234 5678", "•••• 5678")]
    [InlineData("(555) 123-4567", "•••• 4567")]
    [InlineData("@ann", "@ann")]
    [InlineData("1001", "1001")]
    [InlineData("Ann Lee", "Ann Lee")]
    [InlineData("ann.lee@example.com", "a•••@example.com")]
    [InlineData("1234567890123456789", "1234567890123456789")]
    public void A_customer_identifier_is_masked_whole_when_it_is_a_phone_number(string identifier, string shown) =>
        Assert.Equal(shown, PersonalData.RedactIdentifier(identifier));
}
