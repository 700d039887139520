using System.Text;
using SocialCare.Connectors.Webhooks;
using SocialCare.Domain.Conversations;

namespace SocialCare.Connectors.Tests;

/// <summary>X Account Activity events in the shapes X sends, written for these tests.</summary>
public sealed class XWebhookReaderTests
{
    private static WebhookBatch Read(string json) => XWebhookReader.Read(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Posts_that_name_the_brand_are_addressed_reposts_are_skipped_and_our_own_are_echoes()
    {
        var batch = Read("""
            {"for_user_id":"BRAND","tweet_create_events":[
              {"id_str":"T1","created_at":"Tue Dec 01 20:19:24 +0000 2026","text":"@brand my bag is lost… https://t.co/x","truncated":true,
               "extended_tweet":{"full_text":"@brand my bag is lost since Friday and nobody answers 😡","entities":{"user_mentions":[{"id_str":"BRAND","screen_name":"brand"}]}},
               "user":{"id_str":"U1","screen_name":"ann"},"entities":{"user_mentions":[]}},
              {"id_str":"T2","created_at":"Tue Dec 01 20:20:00 +0000 2026","text":"Flying with brand tomorrow","lang":"en","user":{"id_str":"U2","screen_name":"bo"},"entities":{"user_mentions":[]}},
              {"id_str":"T3","created_at":"Tue Dec 01 20:21:00 +0000 2026","text":"RT @ann: ...","retweeted_status":{"id_str":"T1"},"user":{"id_str":"U3"}},
              {"id_str":"T4","created_at":"Tue Dec 01 20:22:00 +0000 2026","text":"@ann So sorry, we'll DM you","in_reply_to_status_id_str":"T1","in_reply_to_user_id_str":"U1",
               "user":{"id_str":"BRAND","screen_name":"brand"},"entities":{"user_mentions":[{"id_str":"U1"}]}},
              {"id_str":"T5","created_at":"Tue Dec 01 20:23:00 +0000 2026","text":"this again","quoted_status":{"id_str":"T0","user":{"id_str":"BRAND"}},"user":{"id_str":"U5","screen_name":"cy"}}],
             "favorite_events":[{"id":"F1"},{"id":"F2"}]}
            """);

        Assert.Equal(3, batch.Skipped);
        Assert.Equal(["T1", "T2", "T4", "T5"], batch.Posts.Select(p => p.NetworkMessageId));
        var lost = batch.Posts[0];
        Assert.Equal("@brand my bag is lost since Friday and nobody answers 😡", lost.Text);
        Assert.Equal((Channel.X, "BRAND", "U1", "ann", Visibility.Public, true, false), (lost.Channel, lost.AccountId, lost.AuthorId, lost.AuthorName, lost.Visibility, lost.Addressed, lost.IsEcho));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 20, 19, 24, TimeSpan.Zero), lost.CreatedAt);
        Assert.False(batch.Posts[1].Addressed);
        Assert.Equal(("en", null), (batch.Posts[1].Language, lost.Language));
        Assert.True(batch.Posts[2].IsEcho);
        Assert.Equal("T1", batch.Posts[2].InReplyToId);
        Assert.True(batch.Posts[3].Addressed);
    }

    [Fact]
    public void Direct_messages_either_way_belong_to_the_customer_and_take_their_name_from_users()
    {
        var batch = Read("""
            {"for_user_id":"BRAND","direct_message_events":[
              {"type":"message_create","id":"D1","created_timestamp":"1764620400000",
               "message_create":{"target":{"recipient_id":"BRAND"},"sender_id":"U9","message_data":{"text":"Booking ABC123 please"}}},
              {"type":"message_create","id":"D2","created_timestamp":"1764620460000",
               "message_create":{"target":{"recipient_id":"U9"},"sender_id":"BRAND","message_data":{"text":"Rebooked."}}},
              {"type":"participants_join","id":"D3"}],
             "users":{"U9":{"id":"U9","screen_name":"dee"},"BRAND":{"id":"BRAND","screen_name":"brand"}}}
            """);

        Assert.Equal(1, batch.Skipped);
        Assert.All(batch.Posts, p => Assert.Equal(("U9", "U9", "dee", Visibility.Private), (p.AuthorId, p.ThreadId, p.AuthorName, p.Visibility)));
        Assert.Equal([false, true], batch.Posts.Select(p => p.IsEcho));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764620400000), batch.Posts[0].CreatedAt);
    }

    [Fact]
    public void The_authors_followers_name_and_verification_come_with_posts_and_direct_messages()
    {
        var batch = Read("""
            {"for_user_id":"BRAND","tweet_create_events":[
              {"id_str":"T1","text":"@brand help","entities":{"user_mentions":[{"id_str":"BRAND"}]},
               "user":{"id_str":"U1","screen_name":"famous","name":"Famous Person","followers_count":2500000,"verified":true}},
              {"id_str":"T2","text":"@brand help","entities":{"user_mentions":[{"id_str":"BRAND"}]},
               "user":{"id_str":"U2","screen_name":"paid","followers_count":"12","verified":true,"verified_type":"blue"}},
              {"id_str":"T3","text":"@brand help","entities":{"user_mentions":[{"id_str":"BRAND"}]},
               "user":{"id_str":"U3","screen_name":"agency","verified_type":"government","followers_count":-5}}],
             "direct_message_events":[
              {"type":"message_create","id":"D1","created_timestamp":"1764620400000",
               "message_create":{"target":{"recipient_id":"BRAND"},"sender_id":"U9","message_data":{"text":"hi"}}}],
             "users":{"U9":{"id":"U9","screen_name":"dee","name":"Dee Dee","followers_count":40000}}}
            """);

        Assert.Equal(
            [("Famous Person", (long?)2_500_000, true), (null, 12, false), (null, null, true), ("Dee Dee", 40_000, false)],
            batch.Posts.Select(p => (p.AuthorDisplayName, p.AuthorFollowers, p.AuthorVerified)));
        var mention = batch.Posts[0].ToMention("acme");
        Assert.Equal(("famous", "Famous Person", 2_500_000L, true), (mention.Author.Handle, mention.Author.DisplayName, mention.Author.FollowerCount, mention.Author.Verified));
        Assert.Equal(("paid", 12L), (batch.Posts[1].ToMention("acme").Author.DisplayName, batch.Posts[1].ToMention("acme").Author.FollowerCount));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{\"tweet_create_events\":[]}")]
    [InlineData("[1,2]")]
    public void A_body_that_is_not_an_account_activity_event_is_a_format_error(string body) =>
        Assert.Throws<FormatException>(() => Read(body));
}
