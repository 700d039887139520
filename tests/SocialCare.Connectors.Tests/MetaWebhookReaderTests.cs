using System.Text;
using SocialCare.Connectors.Webhooks;
using SocialCare.Domain.Conversations;

namespace SocialCare.Connectors.Tests;

/// <summary>Payloads in the shapes Meta sends, written for these tests.</summary>
public sealed class MetaWebhookReaderTests
{
    private static WebhookBatch Read(string json) => MetaWebhookReader.Read(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void A_page_batch_carries_facebook_comments_and_messenger_messages_and_skips_the_rest()
    {
        var batch = Read("""
            {"object":"page","entry":[
              {"id":"PAGE1","time":1764579600,"changes":[
                {"field":"feed","value":{"item":"comment","verb":"add","comment_id":"POST1_C1","post_id":"PAGE1_POST1","parent_id":"PAGE1_POST1",
                  "from":{"id":"U7","name":"Ann Lee"},"message":"My bag never arrived \u00e9","created_time":1764579500}},
                {"field":"feed","value":{"item":"reaction","verb":"add","reaction_type":"like","post_id":"PAGE1_POST1"}},
                {"field":"feed","value":{"item":"comment","verb":"edited","comment_id":"POST1_C1","message":"edited"}},
                {"field":"feed","value":{"item":"comment","verb":"add","comment_id":"POST1_C2","post_id":"PAGE1_POST1","parent_id":"POST1_C1",
                  "from":{"id":"PAGE1","name":"Brand"},"message":"We are on it","created_time":1764579550}}]},
              {"id":"PAGE1","time":1764579601,"messaging":[
                {"sender":{"id":"PSID9"},"recipient":{"id":"PAGE1"},"timestamp":1764579601000,
                  "message":{"mid":"m_1","text":"Can you rebook me?","reply_to":{"mid":"m_0"}}},
                {"sender":{"id":"PAGE1"},"recipient":{"id":"PSID9"},"timestamp":1764579602000,"message":{"mid":"m_2","text":"Done","is_echo":true,"metadata":"c-7.4"}},
                {"sender":{"id":"PSID9"},"recipient":{"id":"PAGE1"},"timestamp":1764579603000,"message":{"mid":"m_3","attachments":[{"type":"image"}]}},
                {"sender":{"id":"PSID9"},"recipient":{"id":"PAGE1"},"timestamp":1764579604000,"read":{"watermark":1764579602000}}]}]}
            """);

        Assert.Equal(3, batch.Skipped);
        Assert.Equal(["POST1_C1", "POST1_C2", "m_1", "m_2", "m_3"], batch.Posts.Select(p => p.NetworkMessageId));
        var comment = batch.Posts[0];
        Assert.Equal((Channel.Facebook, "PAGE1", "PAGE1_POST1", null, "U7", "Ann Lee", Visibility.Public, false),
            (comment.Channel, comment.AccountId, comment.ThreadId, comment.InReplyToId, comment.AuthorId, comment.AuthorName, comment.Visibility, comment.IsEcho));
        Assert.Equal("My bag never arrived é", comment.Text);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1764579500), comment.CreatedAt);
        Assert.True(batch.Posts[1].IsEcho);
        Assert.Equal("POST1_C1", batch.Posts[1].InReplyToId);

        var dm = batch.Posts[2];
        Assert.Equal((Channel.Messenger, "PAGE1", "PSID9", "m_0", Visibility.Private, false), (dm.Channel, dm.AccountId, dm.AuthorId, dm.InReplyToId, dm.Visibility, dm.IsEcho));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764579601000), dm.CreatedAt);
        // Our own message coming back is the customer's conversation, marked as an echo.
        Assert.Equal(("PSID9", true, "c-7.4"), (batch.Posts[3].AuthorId, batch.Posts[3].IsEcho, batch.Posts[3].EchoOfDelivery));
        Assert.Null(dm.EchoOfDelivery);
        Assert.Equal("", batch.Posts[4].Text);
        Assert.Equal(AttachmentKind.Image, Assert.Single(batch.Posts[4].Attachments).Kind);
    }

    [Fact]
    public void Instagram_comments_direct_messages_and_mentions_are_read()
    {
        var batch = Read("""
            {"object":"instagram","entry":[{"id":"IG1","time":1764579700,
              "changes":[
                {"field":"comments","value":{"id":"C17","text":"Where is my refund?? 😡","from":{"id":"IGU5","username":"bo"},"media":{"id":"MEDIA3"}}},
                {"field":"mentions","value":{"media_id":"MEDIA9","comment_id":"C18"}}],
              "messaging":[{"sender":{"id":"IGSID4"},"recipient":{"id":"IG1"},"timestamp":1764579701000,"message":{"mid":"aWdfZ","text":"hello"}}]}]}
            """);

        Assert.Equal(0, batch.Skipped);
        // A mention carries only where it is: stored as that post, its own conversation until its author is known.
        var mention = Assert.Single(batch.Posts, p => p.NetworkMessageId == "C18");
        Assert.Equal(("MEDIA9", "mention-of-MEDIA9", AttachmentKind.SharedPost, "comment_mention"), (mention.ThreadId, mention.AuthorId, mention.Attachments[0].Kind, mention.Attachments[0].NetworkType));
        var comment = Assert.Single(batch.Posts, p => p.NetworkMessageId == "C17");
        Assert.Equal((Channel.Instagram, "IG1", "C17", "MEDIA3", "bo", "Where is my refund?? 😡"), (comment.Channel, comment.AccountId, comment.NetworkMessageId, comment.ThreadId, comment.AuthorName, comment.Text));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1764579700), comment.CreatedAt);
        var dm = Assert.Single(batch.Posts, p => p.Visibility == Visibility.Private);
        Assert.Equal((Channel.Instagram, "IGSID4", "hello"), (dm.Channel, dm.AuthorId, dm.Text));
    }

    [Fact]
    public void Whatsapp_messages_take_their_names_from_the_contacts_and_only_statuses_naming_our_deliveries_count()
    {
        var batch = Read("""
            {"object":"whatsapp_business_account","entry":[{"id":"WABA1","changes":[{"field":"messages","value":{
              "messaging_product":"whatsapp","metadata":{"display_phone_number":"31200000000","phone_number_id":"PN1"},
              "contacts":[{"profile":{"name":"Cy"},"wa_id":"31611111111"}],
              "messages":[
                {"from":"31611111111","id":"wamid.A","timestamp":"1764579800","type":"text","text":{"body":"Is my flight on time?"}},
                {"from":"31611111111","id":"wamid.B","timestamp":"1764579801","type":"image","image":{"id":"IMG","caption":"this is the boarding pass"},"context":{"id":"wamid.A"}},
                {"from":"31611111111","id":"wamid.C","timestamp":"1764579802","type":"sticker","sticker":{"id":"S"}}],
              "statuses":[{"id":"wamid.OUT","status":"delivered","timestamp":"1764579803","recipient_id":"31611111111"}]}}]},
              {"id":"WABA1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"PN1"},
                "statuses":[{"id":"wamid.OUT","status":"read"},{"id":"wamid.OUT2","status":"sent"},
                  {"id":"wamid.OUT3","status":"sent","timestamp":"1764579804","biz_opaque_callback_data":"c-9.2"},
                  {"id":"wamid.OUT4","status":"failed","biz_opaque_callback_data":"c-9.3"}]}}]}]}
            """);

        Assert.Equal(3, batch.Skipped);
        Assert.Equal(2, batch.Confirmations.Count);
        var confirmed = batch.Confirmations[0];
        Assert.Equal(("c-9.2", "wamid.OUT3", DateTimeOffset.FromUnixTimeSeconds(1764579804), null), (confirmed.DeliveryId, confirmed.NetworkMessageId, confirmed.At, confirmed.Failure));
        // A failed status names what went wrong: the reply was never delivered after all.
        Assert.Equal(("c-9.3", "wamid.OUT4", "WhatsApp reported it failed, without a reason"), (batch.Confirmations[1].DeliveryId, batch.Confirmations[1].NetworkMessageId, batch.Confirmations[1].Failure));
        Assert.All(batch.Posts, p => Assert.Equal((Channel.WhatsApp, "PN1", "31611111111", "Cy", Visibility.Private), (p.Channel, p.AccountId, p.AuthorId, p.AuthorName, p.Visibility)));
        Assert.Equal(["Is my flight on time?", "this is the boarding pass", ""], batch.Posts.Select(p => p.Text));
        Assert.Equal([AttachmentKind.Image, AttachmentKind.Sticker], batch.Posts.SelectMany(p => p.Attachments).Select(a => (a.Kind)));
        Assert.Equal("wamid.A", batch.Posts[1].InReplyToId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1764579800), batch.Posts[0].CreatedAt);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"entry\":[]}")]
    [InlineData("{\"object\":\"user\",\"entry\":[]}")]
    [InlineData("{\"object\":1,\"entry\":[]}")]
    [InlineData("{\"object\":\"page\"}")]
    [InlineData("{\"object\":\"page\",\"entry\":{}}")]
    public void A_body_that_is_not_a_meta_webhook_is_a_format_error(string body) =>
        Assert.Throws<FormatException>(() => Read(body));

    [Fact]
    public void Unexpected_shapes_inside_a_known_webhook_are_skipped_not_fatal()
    {
        var batch = Read("""{"object":"page","entry":[{"id":"P","changes":[{"field":"feed","value":"odd"}],"messaging":[{"message":{"text":"no mid"}}]}, 7]}""");

        Assert.Empty(batch.Posts);
        Assert.Equal(3, batch.Skipped);
        Assert.Equal(3, batch.Skips[WebhookSkips.Unreadable]);
    }
}
