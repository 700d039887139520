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
}
