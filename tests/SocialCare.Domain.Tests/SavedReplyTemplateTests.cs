using SocialCare.Domain.Errors;
using SocialCare.Domain.SavedReplies;

namespace SocialCare.Domain.Tests;

public sealed class SavedReplyTemplateTests
{
    private static readonly Dictionary<string, string> Values = new(StringComparer.Ordinal)
    {
        ["customer.name"] = "Ann",
        ["agent.signature"] = "^JD",
        ["wait.first_response"] = "12 minutes",
        ["conversation.reference"] = "C-7F3A",
    };

    [Fact]
    public void Variables_are_rendered_on_the_server_and_braces_can_be_written()
    {
        const string Template = "Hi {customer.name}, sorry for the {wait.first_response} wait. Ref {conversation.reference} {{not a variable}} {agent.signature}";

        Assert.Equal("Hi Ann, sorry for the 12 minutes wait. Ref C-7F3A {not a variable} ^JD", SavedReplyTemplate.Render(Template, Values));
        Assert.Equal(["customer.name", "wait.first_response", "conversation.reference", "agent.signature"], SavedReplyTemplate.Variables(Template));
    }

    [Fact]
    public void A_missing_variable_is_an_error_naming_it()
    {
        var refused = Assert.Throws<CareException>(() => SavedReplyTemplate.Render("Your voucher {voucher_code} for {customer.name} and {flight}", Values));

        Assert.Equal("variables", refused.Field);
        Assert.Contains("{voucher_code}, {flight}", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Hi {customer.name")]
    [InlineData("Hi {}")]
    [InlineData("Hi {customer..name}")]
    [InlineData("Hi {.name}")]
    [InlineData("Hi {customer name}")]
    [InlineData("Hi }")]
    public void A_malformed_template_is_refused_naming_its_field(string template) =>
        Assert.Equal("saved_reply.text", Assert.Throws<CareException>(() => SavedReplyTemplate.Render(template, Values, "saved_reply.text")).Field);

    private static readonly DateTimeOffset T0 = Samples.Monday0900;

    [Fact]
    public void A_library_is_versioned_reply_by_reply_and_an_unchanged_reply_keeps_its_version()
    {
        var first = SavedReply.Stamp([], [new SavedReply("a", "A", "One", null), new SavedReply("b", "B", "Two", null)], T0, "kim");
        Assert.Equal([(1L, "kim"), (1L, "kim")], first.Select(r => (r.Version, r.UpdatedBy!)));

        var second = SavedReply.Stamp(first, [new SavedReply("a", "A", "One", null), new SavedReply("b", "B", "Two, better", null)], T0.AddHours(1), "jd");

        Assert.Same(first[0], second[0]);
        Assert.Equal((2L, "jd", T0.AddHours(1)), (second[1].Version, second[1].UpdatedBy, second[1].UpdatedAt));
        Assert.Equal((1L, "Two", "kim"), (second[1].History[0].Version, second[1].History[0].Text, second[1].History[0].UpdatedBy));
        var moved = SavedReply.Stamp(second, [second[0] with { TeamId = "legal" }], T0.AddHours(2), "jd");
        Assert.Equal(2, moved[0].Version);
    }

    [Fact]
    public void A_saved_reply_keeps_its_last_ten_versions_newest_first()
    {
        IReadOnlyList<SavedReply> library = SavedReply.Stamp([], [new SavedReply("a", "A", "v1", null)], T0, "kim");
        for (var v = 2; v <= 15; v++)
        {
            library = SavedReply.Stamp(library, [new SavedReply("a", "A", $"v{v}", null)], T0.AddMinutes(v), "kim");
        }

        Assert.Equal(15, library[0].Version);
        Assert.Equal(SavedReply.MaxHistory, library[0].History.Count);
        Assert.Equal(Enumerable.Range(5, 10).Reverse().Select(v => (long)v), library[0].History.Select(h => h.Version));
    }

    [Theory]
    [InlineData("customer.tier", "tenant.reply_variables[customer.tier]")]
    [InlineData("agent.team", "tenant.reply_variables[agent.team]")]
    [InlineData("brand name", "tenant.reply_variables[\"brand name\"]")]
    [InlineData(".brand", "tenant.reply_variables[\".brand\"]")]
    public void A_tenant_variable_may_not_shadow_the_servers_or_be_malformed(string name, string field) =>
        Assert.Equal(field, Assert.Throws<CareException>(() => SavedReplyTemplate.ValidateTenantVariables("tenant.reply_variables", new Dictionary<string, string> { [name] = "x" })).Field);

    [Fact]
    public void Tenant_variables_sit_beneath_the_servers_and_the_requests()
    {
        var conversation = Samples.Opened(T0);
        var values = SavedReplyTemplate.ValuesFor(
            conversation,
            new Dictionary<string, string> { ["help.url"] = "https://example.com/bags" },
            T0,
            new Dictionary<string, string> { ["brand.name"] = "Acme Air", ["help.url"] = "https://example.com" });

        Assert.Equal(("Acme Air", "https://example.com/bags", "c1"), (values["brand.name"], values["help.url"], values["conversation.reference"]));
        SavedReplyTemplate.ValidateTenantVariables("tenant.reply_variables", new Dictionary<string, string> { ["brand.name"] = "Acme Air", ["voucher_code"] = "X" });
    }
}
