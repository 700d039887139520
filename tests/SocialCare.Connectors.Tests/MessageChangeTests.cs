using System.Text;
using SocialCare.Connectors.Webhooks;
using SocialCare.Domain.Conversations;

namespace SocialCare.Connectors.Tests;

/// <summary>
/// Edits, deletions, unsends and reactions in the networks' documented webhook shapes are read as
/// changes to the message they name, never as new customer messages.
/// </summary>
public sealed class MessageChangeTests
{
    private static InboundChange OnlyChange(WebhookBatch batch)
    {
        Assert.Empty(batch.Posts);
        Assert.Equal(0, batch.Skipped);
        return Assert.Single(batch.Changes);
    }

    private static WebhookBatch Meta(string json) => MetaWebhookReader.Read(Encoding.UTF8.GetBytes(json));

    private static WebhookBatch Messaging(string objectKind, string account, string messaging) =>
        Meta("{\"object\":\"" + objectKind + "\",\"entry\":[{\"id\":\"" + account + "\",\"time\":1764579600,\"messaging\":[" + messaging + "]}]}");

    [Fact]
    public void A_messenger_reaction_and_its_removal_name_the_message_and_the_emoji()
    {
        var react = OnlyChange(Messaging("page", "PAGE1", """{"sender":{"id":"PSID9"},"recipient":{"id":"PAGE1"},"timestamp":1764579601000,"reaction":{"mid":"m_reply","action":"react","reaction":"love","emoji":"❤"}}"""));
        var unreact = OnlyChange(Messaging("page", "PAGE1", """{"sender":{"id":"PSID9"},"recipient":{"id":"PAGE1"},"timestamp":1764579602000,"reaction":{"mid":"m_reply","action":"unreact","reaction":"love","emoji":"❤"}}"""));

        Assert.Equal((Channel.Messenger, "PSID9"), (react.Channel, react.AuthorId));
        Assert.Equal(new MessageChange(MessageChangeKind.Reacted, "PAGE1", "m_reply", DateTimeOffset.FromUnixTimeMilliseconds(1764579601000)) { Reaction = "❤" }, react.Change);
        Assert.Equal(MessageChangeKind.Unreacted, unreact.Change.Kind);
    }

    [Fact]
    public void A_messenger_edit_carries_the_new_words_and_an_instagram_unsend_deletes()
    {
        var edit = OnlyChange(Messaging("page", "PAGE1", """{"sender":{"id":"PSID9"},"recipient":{"id":"PAGE1"},"timestamp":1764579603000,"message_edit":{"mid":"m_1","text":"Can you rebook me on Friday?","num_edit":1}}"""));
        var unsend = OnlyChange(Messaging("instagram", "IG1", """{"sender":{"id":"IGSID4"},"recipient":{"id":"IG1"},"timestamp":1764579604000,"message":{"mid":"ig_1","is_deleted":true}}"""));

        Assert.Equal((MessageChangeKind.Edited, "m_1", "Can you rebook me on Friday?"), (edit.Change.Kind, edit.Change.NetworkMessageId, edit.Change.Text));
        Assert.Equal((Channel.Instagram, "IGSID4", MessageChangeKind.Deleted, "IG1", "ig_1"), (unsend.Channel, unsend.AuthorId, unsend.Change.Kind, unsend.Change.AccountId, unsend.Change.NetworkMessageId));
    }

    [Fact]
    public void Facebook_comment_edits_and_removals_change_the_customers_comment_and_the_pages_own_are_skipped()
    {
        var batch = Meta("""
            {"object":"page","entry":[{"id":"PAGE1","time":1764579600,"changes":[
              {"field":"feed","value":{"item":"comment","verb":"edited","comment_id":"POST1_C1","post_id":"PAGE1_POST1","from":{"id":"U7","name":"Ann Lee"},"message":"My bag arrived, broken","created_time":1764579700}},
              {"field":"feed","value":{"item":"comment","verb":"remove","comment_id":"POST1_C2","post_id":"PAGE1_POST1","from":{"id":"U8"},"created_time":1764579710}},
              {"field":"feed","value":{"item":"comment","verb":"edited","comment_id":"POST1_C3","from":{"id":"PAGE1"},"message":"typo fixed"}},
              {"field":"feed","value":{"item":"comment","verb":"hide","comment_id":"POST1_C4","from":{"id":"U9"}}}]}]}
            """);

        Assert.Empty(batch.Posts);
        Assert.Equal([("U7", MessageChangeKind.Edited, "POST1_C1"), ("U8", MessageChangeKind.Deleted, "POST1_C2")], batch.Changes.Select(c => (c.AuthorId, c.Change.Kind, c.Change.NetworkMessageId)));
        Assert.Equal("My bag arrived, broken", batch.Changes[0].Change.Text);
        Assert.Equal((1, 1), (batch.Skips[WebhookSkips.OwnMessage], batch.Skips[WebhookSkips.NotAMessage]));
    }

    [Fact]
    public void A_whatsapp_reaction_is_a_change_and_an_empty_emoji_takes_it_back()
    {
        static WebhookBatch Reaction(string emoji) => Meta("""
            {"object":"whatsapp_business_account","entry":[{"id":"WABA1","changes":[{"field":"messages","value":{
              "messaging_product":"whatsapp","metadata":{"phone_number_id":"PN1"},
              "messages":[{"from":"31611111111","id":"wamid.R","timestamp":"1764579805","type":"reaction","reaction":{"message_id":"wamid.OUT","emoji":"
            """.TrimEnd() + emoji + "\"}}]}}]}]}");

        var added = OnlyChange(Reaction("👍"));
        var removed = OnlyChange(Reaction(""));

        Assert.Equal((Channel.WhatsApp, "31611111111"), (added.Channel, added.AuthorId));
        Assert.Equal(new MessageChange(MessageChangeKind.Reacted, "PN1", "wamid.OUT", DateTimeOffset.FromUnixTimeSeconds(1764579805)) { Reaction = "👍" }, added.Change);
        Assert.Equal((MessageChangeKind.Unreacted, null), (removed.Change.Kind, removed.Change.Reaction));
    }

    [Fact]
    public void An_x_post_deletion_names_the_post_and_its_author()
    {
        var deleted = OnlyChange(XWebhookReader.Read(Encoding.UTF8.GetBytes("""
            {"for_user_id":"BRAND","tweet_delete_events":[{"status":{"id":"T1","user_id":"U1"},"timestamp_ms":"1764579900000"}]}
            """)));

        Assert.Equal((Channel.X, "U1"), (deleted.Channel, deleted.AuthorId));
        Assert.Equal(new MessageChange(MessageChangeKind.Deleted, "BRAND", "T1", DateTimeOffset.FromUnixTimeMilliseconds(1764579900000)), deleted.Change);
    }
}
