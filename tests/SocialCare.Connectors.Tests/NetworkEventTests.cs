using System.Text;
using SocialCare.Connectors.Webhooks;
using SocialCare.Domain.Conversations;

namespace SocialCare.Connectors.Tests;

/// <summary>
/// Events a brand used to lose, answered 200 and never read: customers' posts on the Page, Page
/// @mentions and reviews, photo-only comments, Instagram Live comments, messages on Meta's
/// standby channel, WhatsApp customers known only by a username. Shapes written from the
/// networks' documentation for these tests.
/// </summary>
public sealed class NetworkEventTests
{
    private static WebhookBatch Meta(string json) => MetaWebhookReader.Read(Encoding.UTF8.GetBytes(json));

    private static WebhookBatch PageChange(string field, string value) =>
        Meta("{\"object\":\"page\",\"entry\":[{\"id\":\"PAGE1\",\"time\":1764579600,\"changes\":[{\"field\":\"" + field + "\",\"value\":" + value + "}]}]}");

    [Fact]
    public void A_customers_post_on_the_page_is_stored_with_its_photo_and_the_pages_own_post_is_skipped()
    {
        var customer = PageChange("feed", """{"item":"photo","verb":"add","post_id":"PAGE1_P7","from":{"id":"U7","name":"Ann Lee"},"message":"Look at my seat","photo":"https://scontent.example/seat.jpg","photo_id":"PH1","created_time":1764579500}""");
        var own = PageChange("feed", """{"item":"status","verb":"add","post_id":"PAGE1_P8","from":{"id":"PAGE1","name":"Brand"},"message":"Winter sale!"}""");

        var post = Assert.Single(customer.Posts);
        Assert.Equal((Channel.Facebook, "PAGE1", "PAGE1_P7", "PAGE1_P7", "U7", "Look at my seat", Visibility.Public), (post.Channel, post.AccountId, post.NetworkMessageId, post.ThreadId, post.AuthorId, post.Text, post.Visibility));
        Assert.Equal((AttachmentKind.Image, "https://scontent.example/seat.jpg", "PH1"), (post.Attachments[0].Kind, post.Attachments[0].Url, post.Attachments[0].MediaId));
        Assert.Empty(own.Posts);
        Assert.Equal(1, own.Skips[WebhookSkips.OwnMessage]);
    }

    [Fact]
    public void A_comment_that_is_only_a_photo_is_stored_as_the_photo()
    {
        var comment = Assert.Single(PageChange("feed", """{"item":"comment","verb":"add","comment_id":"P1_C9","post_id":"PAGE1_P1","parent_id":"PAGE1_P1","from":{"id":"U8"},"photo":"https://scontent.example/bag.jpg","created_time":1764579501}""").Posts);

        Assert.Equal("", comment.Text);
        Assert.Equal("photo", MessageContent.Preview(comment.Text, comment.Attachments, comment.Choice));
    }

    [Fact]
    public void A_page_mention_is_a_post_addressed_to_the_brand()
    {
        var mention = Assert.Single(PageChange("mention", """{"item":"post","verb":"add","post_id":"U9_P3","sender_id":"U9","sender_name":"Bo","message":"@Brand lost my bag again","created_time":1764579502}""").Posts);

        Assert.Equal(("U9_P3", "U9", "Bo", "@Brand lost my bag again", true), (mention.NetworkMessageId, mention.AuthorId, mention.AuthorName, mention.Text, mention.Addressed));
    }

    [Fact]
    public void A_review_keeps_its_words_and_its_verdict_and_an_edit_of_it_is_a_change()
    {
        var negative = Assert.Single(PageChange("ratings", """{"item":"rating","verb":"add","reviewer_id":"U10","reviewer_name":"Cy","review_text":"Rude staff at the gate","recommendation_type":"negative","open_graph_story_id":"OG1","created_time":1764579503}""").Posts);
        var silent = Assert.Single(PageChange("ratings", """{"item":"rating","verb":"add","reviewer_id":"U11","recommendation_type":"positive","open_graph_story_id":"OG2"}""").Posts);
        var edited = Assert.Single(PageChange("ratings", """{"item":"rating","verb":"edit","reviewer_id":"U10","review_text":"Rude staff, but they found my bag","open_graph_story_id":"OG1"}""").Changes);

        Assert.Equal(("OG1", "U10", "Rude staff at the gate"), (negative.NetworkMessageId, negative.AuthorId, negative.Text));
        Assert.Equal(new CustomerChoice(ChoiceKind.Review, "Does not recommend the Page", "negative"), negative.Choice);
        Assert.Equal(("", "Recommends the Page"), (silent.Text, silent.Choice!.Title));
        Assert.Equal((MessageChangeKind.Edited, "OG1", "Rude staff, but they found my bag"), (edited.Change.Kind, edited.Change.NetworkMessageId, edited.Change.Text));
    }

    [Fact]
    public void An_instagram_live_comment_is_read_like_a_comment()
    {
        var batch = Meta("""
            {"object":"instagram","entry":[{"id":"IG1","time":1764579700,"changes":[
              {"field":"live_comments","value":{"id":"LC1","text":"Is the lounge open?","from":{"id":"IGU5","username":"bo"},"media":{"id":"LIVE1","media_product_type":"LIVE"}}}]}]}
            """);

        var comment = Assert.Single(batch.Posts);
        Assert.Equal((Channel.Instagram, "LC1", "LIVE1", "bo", "Is the lounge open?"), (comment.Channel, comment.NetworkMessageId, comment.ThreadId, comment.AuthorName, comment.Text));
    }

    [Fact]
    public void A_whatsapp_group_message_names_its_group_and_its_member_and_a_reaction_in_it_the_group()
    {
        var batch = Meta("""
            {"object":"whatsapp_business_account","entry":[{"id":"WABA1","changes":[{"field":"messages","value":{
              "messaging_product":"whatsapp","metadata":{"phone_number_id":"PN1"},
              "contacts":[{"profile":{"name":"Eve"},"wa_id":"31633333333"}],
              "messages":[
                {"from":"31633333333","group_id":"GRP1","id":"wamid.G1","timestamp":"1764579950","type":"text","text":{"body":"Our group's flight is delayed"}},
                {"from":"31633333333","group_id":"GRP1","id":"wamid.G2","timestamp":"1764579951","type":"reaction","reaction":{"message_id":"wamid.OUT","emoji":"🙏"}}]}}]}]}
            """);

        var post = Assert.Single(batch.Posts);
        Assert.Equal(("GRP1", "31633333333", "Eve"), (post.GroupId, post.AuthorId, post.AuthorName));
        Assert.Equal(("GRP1", "31633333333"), (batch.Changes[0].GroupId, batch.Changes[0].AuthorId));
    }

    [Fact]
    public void A_message_on_the_standby_channel_is_stored_and_flagged()
    {
        var batch = Meta("""
            {"object":"page","entry":[{"id":"PAGE1","time":1764579600,"standby":[
              {"sender":{"id":"PSID9"},"recipient":{"id":"PAGE1"},"timestamp":1764579601000,"message":{"mid":"m_s1","text":"Hello? Anyone?"}}]}]}
            """);

        var post = Assert.Single(batch.Posts);
        Assert.Equal(("m_s1", "Hello? Anyone?", true), (post.NetworkMessageId, post.Text, post.Standby));
    }

    [Fact]
    public void A_whatsapp_customer_known_only_by_a_username_is_named_by_their_business_scoped_id_and_a_number_change_notice_is_skipped()
    {
        var batch = Meta("""
            {"object":"whatsapp_business_account","entry":[{"id":"WABA1","changes":[{"field":"messages","value":{
              "messaging_product":"whatsapp","metadata":{"phone_number_id":"PN1"},
              "contacts":[{"profile":{"name":"Dee","username":"@dee"},"user_id":"NL.1502576394655843"}],
              "messages":[
                {"from_user_id":"NL.1502576394655843","id":"wamid.U1","timestamp":"1764579900","type":"text","text":{"body":"Hi, is my flight delayed?"}},
                {"from":"31611111111","id":"wamid.S1","timestamp":"1764579901","type":"system","system":{"body":"User changed number","type":"user_changed_number","new_wa_id":"31622222222"}},
                {"from":"31611111111","id":"wamid.X1","timestamp":"1764579902","type":"unsupported","errors":[{"code":131051,"title":"Message type unknown"}]}]}}]}]}
            """);

        Assert.Equal(2, batch.Posts.Count);
        Assert.Equal(("NL.1502576394655843", "Dee", "Hi, is my flight delayed?"), (batch.Posts[0].AuthorId, batch.Posts[0].AuthorName, batch.Posts[0].Text));
        Assert.Equal("[a message WhatsApp did not pass on]", batch.Posts[1].Text);
        Assert.Equal(1, batch.Skips[WebhookSkips.Notice]);
    }
}
