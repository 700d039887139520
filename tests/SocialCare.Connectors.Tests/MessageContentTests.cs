using System.Text;
using SocialCare.Connectors.Webhooks;
using SocialCare.Domain.Conversations;

namespace SocialCare.Connectors.Tests;

/// <summary>
/// What customers send besides words, in the shapes the networks document for their webhooks
/// (written for these tests from Meta's and X's reference pages): each is read into the
/// attachment, choice or referral it is, never into a placeholder, and never dropped.
/// </summary>
public sealed class MessageContentTests
{
    private delegate WebhookBatch Reader(ReadOnlySpan<byte> body);

    private static InboundPost One(string json, Reader read) =>
        Assert.Single(read(Encoding.UTF8.GetBytes(json)).Posts);

    private static InboundPost Messenger(string messaging) =>
        One("""{"object":"page","entry":[{"id":"PAGE1","time":1764579600,"messaging":[""" + messaging + "]}]}", MetaWebhookReader.Read);

    private static InboundPost Instagram(string messaging) =>
        One("""{"object":"instagram","entry":[{"id":"IG1","time":1764579600,"messaging":[""" + messaging + "]}]}", MetaWebhookReader.Read);

    /// <summary>One WhatsApp message: <paramref name="message"/> is its fields as a JSON object, from and id added.</summary>
    private static InboundPost WhatsApp(string message) =>
        One("""
            {"object":"whatsapp_business_account","entry":[{"id":"WABA1","changes":[{"field":"messages","value":{
              "messaging_product":"whatsapp","metadata":{"display_phone_number":"31200000000","phone_number_id":"PN1"},
              "contacts":[{"profile":{"name":"Cy"},"wa_id":"31611111111"}],
              "messages":[{"from":"31611111111","id":"wamid.M","timestamp":"1764579800",
            """ + message[1..^1] + "}]}}]}]}", MetaWebhookReader.Read);

    private const string From = "\"sender\":{\"id\":\"PSID9\"},\"recipient\":{\"id\":\"PAGE1\"},\"timestamp\":1764579601000";

    [Fact]
    public void A_messenger_photo_album_is_its_photos_with_their_links()
    {
        var post = Messenger("{" + From + """
            ,"message":{"mid":"m_1","attachments":[
            {"type":"image","payload":{"url":"https://scontent.example/p1.jpg"}},
            {"type":"image","payload":{"url":"https://scontent.example/p2.jpg"}}]}}
            """);

        Assert.Equal("", post.Text);
        Assert.Equal(["https://scontent.example/p1.jpg", "https://scontent.example/p2.jpg"], post.Attachments.Select(a => a.Url));
        Assert.All(post.Attachments, a => Assert.Equal(AttachmentKind.Image, a.Kind));
        Assert.Equal("photo, photo", MessageContent.Preview(post.Text, post.Attachments, post.Choice));
    }

    [Fact]
    public void A_sticker_a_place_a_shared_link_and_text_beside_them_are_each_kept()
    {
        var post = Messenger("{" + From + """
            ,"message":{"mid":"m_2","text":"Here I am","attachments":[
            {"type":"image","payload":{"url":"https://scontent.example/s.png","sticker_id":369239263222822}},
            {"type":"location","title":"Gate B12","payload":{"coordinates":{"lat":52.3105,"long":4.7683}}},
            {"type":"fallback","title":"Your booking","payload":{"url":"https://l.facebook.example/booking"}}]}}
            """);

        Assert.Equal("Here I am", post.Text);
        Assert.Equal([AttachmentKind.Sticker, AttachmentKind.Location, AttachmentKind.Link], post.Attachments.Select(a => a.Kind));
        Assert.Equal(new GeoLocation(52.3105, 4.7683, "Gate B12"), post.Attachments[1].Location);
        Assert.Equal("Your booking", post.Attachments[2].Name);
        Assert.Equal("location: Gate B12", post.Attachments[1].Describe());
    }

    [Theory]
    [InlineData("image", AttachmentKind.Image)]
    [InlineData("video", AttachmentKind.Video)]
    [InlineData("audio", AttachmentKind.Audio)]
    [InlineData("file", AttachmentKind.File)]
    [InlineData("fallback", AttachmentKind.Link)]
    [InlineData("share", AttachmentKind.SharedPost)]
    [InlineData("ig_post", AttachmentKind.SharedPost)]
    [InlineData("story_mention", AttachmentKind.Story)]
    [InlineData("a_type_meta_adds_later", AttachmentKind.Other)]
    public void Each_attachment_type_meta_sends_is_read_as_its_kind(string type, AttachmentKind kind)
    {
        var post = Instagram("{\"sender\":{\"id\":\"IGSID4\"},\"recipient\":{\"id\":\"IG1\"},\"timestamp\":1764579701000,\"message\":{\"mid\":\"ig_t\",\"attachments\":[{\"type\":\"" + type + "\",\"payload\":{\"url\":\"https://lookaside.example/x\"}}]}}");

        var attachment = Assert.Single(post.Attachments);
        Assert.Equal((kind, type), (attachment.Kind, attachment.NetworkType));
    }

    [Fact]
    public void A_bare_referral_and_an_instagram_reaction_are_not_messages()
    {
        var referral = MetaWebhookReader.Read(Encoding.UTF8.GetBytes("""{"object":"page","entry":[{"id":"PAGE1","time":1764579600,"messaging":[{"sender":{"id":"PSID9"},"recipient":{"id":"PAGE1"},"timestamp":1764579601000,"referral":{"ref":"winter","source":"SHORTLINK","type":"OPEN_THREAD"}}]}]}"""));
        var reaction = MetaWebhookReader.Read(Encoding.UTF8.GetBytes("""{"object":"instagram","entry":[{"id":"IG1","time":1764579600,"messaging":[{"sender":{"id":"IGSID4"},"recipient":{"id":"IG1"},"timestamp":1764579701000,"reaction":{"mid":"ig_1","action":"react","reaction":"love","emoji":"❤"}}]}]}"""));

        Assert.Empty(referral.Posts);
        Assert.Equal(1, referral.Skips[WebhookSkips.NotAMessage]);
        Assert.Empty(reaction.Posts);
        Assert.Equal((Channel.Instagram, MessageChangeKind.Reacted, "ig_1"), (reaction.Changes[0].Channel, reaction.Changes[0].Change.Kind, reaction.Changes[0].Change.NetworkMessageId));
    }

    [Fact]
    public void A_link_that_is_not_http_is_dropped_and_the_message_kept()
    {
        var post = Messenger("{" + From + ""","message":{"mid":"m_3","attachments":[{"type":"file","payload":{"url":"javascript:alert(1)"}}]}}""");

        var file = Assert.Single(post.Attachments);
        Assert.Equal(AttachmentKind.File, file.Kind);
        Assert.Null(file.Url);
    }

    [Fact]
    public void Instagram_reels_shared_posts_story_mentions_and_story_replies_name_what_was_shared()
    {
        var reel = Instagram("""{"sender":{"id":"IGSID4"},"recipient":{"id":"IG1"},"timestamp":1764579701000,"message":{"mid":"ig_1","attachments":[{"type":"ig_reel","payload":{"url":"https://lookaside.example/reel","title":"Our new lounge","reel_video_id":"1789"}}]}}""");
        var story = Instagram("""{"sender":{"id":"IGSID4"},"recipient":{"id":"IG1"},"timestamp":1764579702000,"message":{"mid":"ig_2","attachments":[{"type":"story_mention","payload":{"url":"https://lookaside.example/story"}}]}}""");
        var answer = Instagram("""{"sender":{"id":"IGSID4"},"recipient":{"id":"IG1"},"timestamp":1764579703000,"message":{"mid":"ig_3","text":"Is this still on?","reply_to":{"story":{"url":"https://lookaside.example/brand-story","id":"ST9"}}}}""");

        Assert.Equal((AttachmentKind.SharedPost, "ig_reel", "Our new lounge", "1789"), (reel.Attachments[0].Kind, reel.Attachments[0].NetworkType, reel.Attachments[0].Name, reel.Attachments[0].MediaId));
        Assert.Equal((AttachmentKind.Story, "story_mention", "https://lookaside.example/story"), (story.Attachments[0].Kind, story.Attachments[0].NetworkType, story.Attachments[0].Url));
        Assert.Equal("Is this still on?", answer.Text);
        Assert.Equal((AttachmentKind.Story, "story_reply", "ST9"), (answer.Attachments[0].Kind, answer.Attachments[0].NetworkType, answer.Attachments[0].MediaId));
    }

    [Fact]
    public void A_quick_reply_keeps_its_payload_and_an_ad_click_its_referral()
    {
        var post = Messenger("{" + From + """
            ,"message":{"mid":"m_4","text":"Change my seat","quick_reply":{"payload":"SEAT_CHANGE"},
            "referral":{"source":"ADS","type":"OPEN_THREAD","ad_id":"6045246247433","ads_context_data":{"ad_title":"Winter sun","photo_url":"https://scontent.example/ad.jpg"}}}}
            """);

        Assert.Equal(new CustomerChoice(ChoiceKind.QuickReply, "Change my seat", "SEAT_CHANGE"), post.Choice);
        Assert.Equal("", post.Text);
        Assert.Equal(("ADS", "OPEN_THREAD", "6045246247433", "Winter sun"), (post.Referral!.Source, post.Referral.Type, post.Referral.AdId, post.Referral.Headline));
    }

    [Fact]
    public void A_postback_and_an_instagram_ice_breaker_are_the_customers_taps_not_lost()
    {
        var getStarted = Messenger("{" + From + ""","postback":{"mid":"m_5","title":"Get Started","payload":"GET_STARTED","referral":{"ref":"winter-campaign","source":"SHORTLINK","type":"OPEN_THREAD"}}}""");
        var iceBreaker = Instagram("""{"sender":{"id":"IGSID4"},"recipient":{"id":"IG1"},"timestamp":1764579704000,"postback":{"title":"How do I add a bag?","payload":"ADD_BAG"}}""");

        Assert.Equal((Channel.Messenger, "m_5", "PSID9", "PAGE1"), (getStarted.Channel, getStarted.NetworkMessageId, getStarted.AuthorId, getStarted.AccountId));
        Assert.Equal(new CustomerChoice(ChoiceKind.Postback, "Get Started", "GET_STARTED"), getStarted.Choice);
        Assert.Equal(("SHORTLINK", "winter-campaign"), (getStarted.Referral!.Source, getStarted.Referral.Ref));
        Assert.Equal(new CustomerChoice(ChoiceKind.Postback, "How do I add a bag?", "ADD_BAG"), iceBreaker.Choice);
        // No mid in older Graph versions: the customer and the time name the tap, the same on redelivery.
        Assert.Equal("postback-IGSID4-1764579704000", iceBreaker.NetworkMessageId);
        Assert.Equal("How do I add a bag?", MessageContent.Readable(iceBreaker.Text, iceBreaker.Attachments, iceBreaker.Choice));
    }

    [Fact]
    public void Whatsapp_media_carry_their_type_media_id_file_name_and_caption()
    {
        var document = WhatsApp("""{"type":"document","document":{"id":"DOC1","mime_type":"application/pdf","filename":"receipt.pdf","caption":"the receipt"}}""");
        var voice = WhatsApp("""{"type":"audio","audio":{"id":"AUD1","mime_type":"audio/ogg; codecs=opus","voice":true}}""");
        var video = WhatsApp("""{"type":"video","video":{"id":"VID1","mime_type":"video/mp4"}}""");

        Assert.Equal("the receipt", document.Text);
        Assert.Equal((AttachmentKind.File, "DOC1", "application/pdf", "receipt.pdf", "the receipt"), (document.Attachments[0].Kind, document.Attachments[0].MediaId, document.Attachments[0].MediaType, document.Attachments[0].Name, document.Attachments[0].Caption));
        Assert.Equal((AttachmentKind.Audio, "voice", ""), (voice.Attachments[0].Kind, voice.Attachments[0].NetworkType, voice.Text));
        Assert.Equal("voice note", voice.Attachments[0].Describe());
        Assert.Equal((AttachmentKind.Video, "VID1"), (video.Attachments[0].Kind, video.Attachments[0].MediaId));
    }

    [Fact]
    public void Whatsapp_places_contact_cards_and_orders_are_read_whole()
    {
        var place = WhatsApp("""{"type":"location","location":{"latitude":52.3105,"longitude":4.7683,"name":"Schiphol","address":"Evert van de Beekstraat 202"}}""");
        var contacts = WhatsApp("""{"type":"contacts","contacts":[{"name":{"formatted_name":"Dee Vos","first_name":"Dee"},"phones":[{"phone":"+31 6 2222 2222","type":"CELL"}],"emails":[{"email":"dee@example.com"}]}]}""");
        var order = WhatsApp("""{"type":"order","order":{"catalog_id":"CAT7","text":"for Friday","product_items":[{"product_retailer_id":"lounge-pass","quantity":"2","item_price":"35","currency":"EUR"}]}}""");

        Assert.Equal(new GeoLocation(52.3105, 4.7683, "Schiphol", "Evert van de Beekstraat 202"), place.Attachments[0].Location);
        var card = Assert.Single(contacts.Attachments).Contact!;
        Assert.Equal(("Dee Vos", "+31 6 2222 2222", "dee@example.com"), (card.Name, Assert.Single(card.Phones), Assert.Single(card.Emails)));
        Assert.Equal((AttachmentKind.Order, "1 item: 2 x lounge-pass", "CAT7", "for Friday"), (order.Attachments[0].Kind, order.Attachments[0].Name, order.Attachments[0].MediaId, order.Text));
    }

    [Fact]
    public void Whatsapp_buttons_list_rows_template_buttons_and_flows_are_the_option_tapped()
    {
        var button = WhatsApp("""{"type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"rebook","title":"Rebook me"}}}""");
        var row = WhatsApp("""{"type":"interactive","interactive":{"type":"list_reply","list_reply":{"id":"seat-12a","title":"12A window","description":"Extra legroom"}}}""");
        var template = WhatsApp("""{"type":"button","button":{"payload":"STOP_PROMOS","text":"Stop promotions"}}""");
        var flow = WhatsApp("""{"type":"interactive","interactive":{"type":"nfm_reply","nfm_reply":{"name":"flow","body":"Sent","response_json":"{\"rating\":\"5\",\"flow_token\":\"T1\"}"}}}""");

        Assert.Equal(new CustomerChoice(ChoiceKind.Button, "Rebook me", "rebook"), button.Choice);
        Assert.Equal(new CustomerChoice(ChoiceKind.ListItem, "12A window", "seat-12a"), row.Choice);
        Assert.Equal(new CustomerChoice(ChoiceKind.Button, "Stop promotions", "STOP_PROMOS"), template.Choice);
        Assert.Equal((ChoiceKind.Flow, "{\"rating\":\"5\",\"flow_token\":\"T1\"}"), (flow.Choice!.Kind, flow.Choice.ResponseJson));
        Assert.All([button, row, template, flow], p => Assert.Equal("", p.Text));
        Assert.Equal("tapped \"Rebook me\"", MessageContent.Preview(button.Text, button.Attachments, button.Choice));
    }

    [Fact]
    public void A_click_to_whatsapp_ad_is_the_referral_of_the_first_message()
    {
        var post = WhatsApp("""{"type":"text","text":{"body":"Hi, about this offer"},"referral":{"source_url":"https://fb.example/ad/1","source_id":"AD77","source_type":"ad","headline":"Winter sun","body":"From 99","ctwa_clid":"ARAkLk"}}""");

        Assert.Equal(("ad", "AD77", "https://fb.example/ad/1", "Winter sun"), (post.Referral!.Source, post.Referral.AdId, post.Referral.Url, post.Referral.Headline));
    }

    [Fact]
    public void X_posts_read_as_typed_with_their_photos_and_direct_messages_with_photos_and_quick_replies()
    {
        var post = One("""
            {"for_user_id":"BRAND","tweet_create_events":[{"id_str":"T1","created_at":"Mon Dec 01 20:19:24 +0000 2026","text":"@brand bags &amp; seats &lt;3 https://t.co/x",
              "user":{"id_str":"U1","screen_name":"ann"},"entities":{"user_mentions":[{"id_str":"BRAND"}]},
              "extended_entities":{"media":[{"id_str":"M1","type":"photo","media_url_https":"https://pbs.example/media/M1.jpg"}]}}]}
            """, XWebhookReader.Read);
        var photo = One("""
            {"for_user_id":"BRAND","direct_message_events":[{"type":"message_create","id":"D1","created_timestamp":"1764579601000",
              "message_create":{"sender_id":"U1","target":{"recipient_id":"BRAND"},"message_data":{"text":"my bag https://t.co/abc",
                "attachment":{"type":"media","media":{"id_str":"M2","type":"photo","media_url_https":"https://ton.example/M2.jpg","url":"https://t.co/abc"}}}}}]}
            """, XWebhookReader.Read);
        var tapped = One("""
            {"for_user_id":"BRAND","direct_message_events":[{"type":"message_create","id":"D2","created_timestamp":"1764579602000",
              "message_create":{"sender_id":"U1","target":{"recipient_id":"BRAND"},"message_data":{"text":"Yes","quick_reply_response":{"type":"options","metadata":"confirm-yes"}}}}]}
            """, XWebhookReader.Read);

        Assert.Equal("@brand bags & seats <3 https://t.co/x", post.Text);
        Assert.Equal((AttachmentKind.Image, "https://pbs.example/media/M1.jpg"), (post.Attachments[0].Kind, post.Attachments[0].Url));
        Assert.Equal("my bag", photo.Text);
        Assert.Equal(("M2", "https://ton.example/M2.jpg"), (photo.Attachments[0].MediaId, photo.Attachments[0].Url));
        Assert.Equal(new CustomerChoice(ChoiceKind.QuickReply, "Yes", "confirm-yes"), tapped.Choice);
    }
}
