using SocialCare.Domain.Access;
using SocialCare.Domain.Conversations;
using SocialCare.Domain.Errors;
using SocialCare.Domain.SavedReplies;
using SocialCare.Domain.Tenants;

namespace SocialCare.Domain.Tests;

/// <summary>A reply's words and sign-off, composed in one place from what the agent asked, the conversation and the brand.</summary>
public sealed class ReplyDraftTests
{
    private static readonly DateTimeOffset T0 = Samples.Monday0900;

    private static TenantSettings Brand(string? signatureTemplate = null, params SavedReply[] saved) =>
        TenantSettings.Starter("acme", "Acme Air") with
        {
            SignatureTemplate = signatureTemplate,
            SavedReplies = saved,
            ReplyVariables = new Dictionary<string, string> { ["brand.name"] = "Acme Air" },
        };

    private static ReplyDraft Draft(string text = "", string? signature = null, string? saved = null, string? author = "Jane Doe") =>
        new(CareActor.Agent("jd"), text, Visibility.Public, signature, null) { SavedReplyId = saved, AuthorName = author };

    [Fact]
    public void The_authors_own_sign_off_wins_over_the_brands_and_the_brands_carries_the_authors_name()
    {
        var conversation = Samples.Opened(T0);
        var brand = Brand("{agent.name} for {brand.name}");

        Assert.Equal(new ComposedReply("On it.", "^JD"), Draft("On it.", "^JD").Compose(conversation, brand, T0));
        Assert.Equal(new ComposedReply("On it.", "Jane Doe for Acme Air"), Draft("On it.").Compose(conversation, brand, T0));
        // No name given: the acting agent's id.
        Assert.Equal("jd for Acme Air", Draft("On it.", author: null).Compose(conversation, brand, T0).Signature);
        Assert.Null(Draft("On it.").Compose(conversation, Brand(), T0).Signature);
    }

    [Fact]
    public void A_saved_reply_is_rendered_with_the_requests_values_over_the_authors_the_conversations_and_the_brands()
    {
        var conversation = Samples.Opened(T0);
        var brand = Brand("^{agent.initials}", new SavedReply("bag", "Bag", "Hi {customer.name}, {agent.name} of {brand.name} here. {note}", null));
        var draft = Draft(saved: "bag") with { Variables = new Dictionary<string, string> { ["note"] = "We found it.", ["brand.name"] = "Acme" } };

        var composed = draft.Compose(conversation, brand, T0);

        Assert.Equal(new ComposedReply("Hi User u1, Jane Doe of Acme here. We found it.", "^JD"), composed);
    }

    [Fact]
    public void A_saved_reply_that_places_the_signature_itself_is_not_signed_twice()
    {
        var brand = Brand("^{agent.initials}", new SavedReply("thanks", "Thanks", "Thanks! {agent.signature}", null));

        Assert.Equal(new ComposedReply("Thanks! ^JD", null), Draft(saved: "thanks").Compose(Samples.Opened(T0), brand, T0));
        Assert.Equal(new ComposedReply("Thanks! -J", null), Draft(saved: "thanks", signature: "-J").Compose(Samples.Opened(T0), brand, T0));
    }

    [Fact]
    public void A_saved_reply_with_text_of_another_team_unknown_or_with_too_many_values_is_refused_naming_the_field()
    {
        var conversation = Samples.Opened(T0);
        var brand = Brand(null, new SavedReply("legal-only", "Legal", "Our lawyers reply.", "legal"), new SavedReply("bag", "Bag", "Hi", null));

        Assert.Equal("text", Assert.Throws<CareException>(() => Draft("Also this", saved: "bag").Compose(conversation, brand, T0)).Field);
        Assert.Equal("saved_reply_id", Assert.Throws<CareException>(() => Draft(saved: "nope").Compose(conversation, brand, T0)).Field);
        Assert.Equal("saved_reply_id", Assert.Throws<CareException>(() => Draft(saved: "Not A Slug").Compose(conversation, brand, T0)).Field);
        Assert.Equal(CareErrorKind.FailedPrecondition, Assert.Throws<CareException>(() => Draft(saved: "legal-only").Compose(conversation, brand, T0)).Kind);
        var crowded = Draft(saved: "bag") with { Variables = Enumerable.Range(0, ReplyDraft.MaxVariables + 1).ToDictionary(i => $"v{i}", i => "x") };
        Assert.Equal("variables", Assert.Throws<CareException>(() => crowded.Compose(conversation, brand, T0)).Field);
        var longName = Draft(saved: "bag") with { Variables = new Dictionary<string, string> { [new string('v', 65)] = "x" } };
        Assert.StartsWith("variables[", Assert.Throws<CareException>(() => longName.Compose(conversation, brand, T0)).Field, StringComparison.Ordinal);
    }
}
