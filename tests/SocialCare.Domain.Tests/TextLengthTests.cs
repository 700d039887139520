using SocialCare.Domain.Conversations;
using SocialCare.Domain.Errors;
using SocialCare.Domain.Text;

namespace SocialCare.Domain.Tests;

public sealed class TextLengthTests
{
    [Theory]
    [InlineData("hello", 5)]
    [InlineData("", 0)]
    [InlineData("line\r\nbreak", 10)]
    [InlineData("caf\u0065\u0301", 4)]
    [InlineData("😀😀", 2)]
    [InlineData("👩‍👩‍👧‍👦", 1)]
    [InlineData("🇫🇷🇳🇱", 2)]
    public void Characters_are_what_a_person_counts(string text, int expected) =>
        Assert.Equal(expected, TextLength.Characters(text));

    [Theory]
    [InlineData("hello", 5)]
    [InlineData("😀", 2)]
    [InlineData("👩‍👩‍👧‍👦", 2)]
    [InlineData("東京", 4)]
    [InlineData("Ça va — merci", 13)]
    [InlineData("see https://example.com/a/very/long/path/that/goes/on/and/on?x=1 now", 4 + 23 + 4)]
    [InlineData("www.example.com.", 23 + 1)]
    public void X_weighs_text_as_it_counts_a_post(string text, int expected) =>
        Assert.Equal(expected, TextLength.XWeighted(text));

    [Fact]
    public void Six_thousand_emoji_are_six_thousand_characters_not_twelve_thousand()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 6_000));
        Assert.Equal(12_000, text.Length);
        Assert.Equal(6_000, TextLength.Characters(text));
        Assert.Equal(text, FieldRules.RequireText("text", text));
    }

    [Fact]
    public void A_public_reply_of_139_emoji_fits_on_x_and_141_do_not()
    {
        var fits = string.Concat(Enumerable.Repeat("😀", 139));
        Assert.Equal(278, TextLength.XWeighted(fits));
        Assert.Equal(fits, ReplyText.Compose(fits, null, Channel.X, Visibility.Public));

        var tooLong = string.Concat(Enumerable.Repeat("😀", 141));
        var ex = Assert.Throws<CareException>(() => ReplyText.Compose(tooLong, null, Channel.X, Visibility.Public));
        Assert.Equal("text", ex.Field);
        Assert.Contains("282", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_past_its_limit_or_holding_a_nul_is_refused_with_its_field()
    {
        Assert.Equal("note", Assert.Throws<CareException>(() => FieldRules.RequireText("note", new string('a', 10_001))).Field);
        Assert.Contains("NUL", Assert.Throws<CareException>(() => FieldRules.RequireText("text", "a\0b")).Message, StringComparison.Ordinal);
        Assert.Equal("agent_id", Assert.Throws<CareException>(() => FieldRules.RequireId("agent_id", "jd\0")).Field);
        Assert.Equal("agent_id", Assert.Throws<CareException>(() => FieldRules.RequireId("agent_id", new string('x', 257))).Field);
        FieldRules.RequireId("agent_id", string.Concat(Enumerable.Repeat("é", 256)));
    }

    [Fact]
    public void Previews_never_cut_an_emoji_in_half()
    {
        var text = new string('a', 138) + "👩‍👩‍👧‍👦 and more text after it";
        var preview = ReplyText.Preview(text);
        Assert.EndsWith("👩‍👩‍👧‍👦…", preview, StringComparison.Ordinal);
        Assert.Equal(140, TextLength.Characters(preview));
    }

    [Fact]
    public void Echoed_values_are_bounded_and_escaped()
    {
        var echoed = Echo.Quote(new string('x', 70_000));
        Assert.True(echoed.Length < 120, echoed);
        Assert.Contains("70000", echoed, StringComparison.Ordinal);
        Assert.Equal("\"a\\u0000b\"", Echo.Quote("a\0b"));
    }
}
