using System.Text;
using System.Text.Json.Nodes;
using SocialCare.Connectors.Webhooks;
using SocialCare.Testing.Networks;

namespace SocialCare.Connectors.Tests;

/// <summary>
/// One event of an odd shape beside a good one: the good one is read as if it came alone, the odd
/// one is skipped with its reason, and the reader never throws for a body whose outer shape is
/// the network's. A throw would answer the whole request with an error, the network would resend
/// the same batch, and the good event in it would never be stored.
/// </summary>
public sealed class OddWebhookEventTests
{
    private const string GoodMessenger = """{"sender":{"id":"PSID9"},"recipient":{"id":"PAGE1"},"timestamp":1764579601000,"message":{"mid":"m_good","text":"Can you rebook me?"}}""";
    private const string GoodComment = """{"field":"feed","value":{"item":"comment","verb":"add","comment_id":"C_good","post_id":"P_1","from":{"id":"U7","name":"Ann"},"message":"Bag lost","created_time":1764579500}}""";
    private const string GoodInstagram = """{"field":"comments","value":{"id":"IGC_good","text":"Refund?","from":{"id":"IGU5","username":"bo"},"media":{"id":"MEDIA3"}}}""";
    private const string GoodWhatsApp = """{"from":"31611111111","id":"wamid.good","timestamp":"1764579800","type":"text","text":{"body":"Is my flight on time?"}}""";
    private const string GoodTweet = """{"id_str":"T_good","created_at":"Tue Dec 01 20:19:24 +0000 2026","text":"@brand my bag","user":{"id_str":"U1","screen_name":"ann"},"entities":{"user_mentions":[{"id_str":"BRAND"}]}}""";
    private const string GoodDirectMessage = """{"type":"message_create","id":"D_good","created_timestamp":"1764620400000","message_create":{"target":{"recipient_id":"BRAND"},"sender_id":"U9","message_data":{"text":"Booking ABC123"}}}""";

    private static WebhookBatch Meta(string json) => MetaWebhookReader.Read(Encoding.UTF8.GetBytes(json));

    private static WebhookBatch X(string json) => XWebhookReader.Read(Encoding.UTF8.GetBytes(json));

    private static string Messenger(params string[] events) =>
        $$$"""{"object":"page","entry":[{"id":"PAGE1","time":1764579601,"messaging":[{{{string.Join(',', events)}}}]}]}""";

    private static string Feed(params string[] changes) =>
        $$$"""{"object":"page","entry":[{"id":"PAGE1","time":1764579601,"changes":[{{{string.Join(',', changes)}}}]}]}""";

    private static string Instagram(params string[] changes) =>
        $$$"""{"object":"instagram","entry":[{"id":"IG1","time":1764579700,"changes":[{{{string.Join(',', changes)}}}]}]}""";

    private static string WhatsApp(params string[] messages) =>
        $$$"""{"object":"whatsapp_business_account","entry":[{"id":"WABA1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"PN1"},"contacts":[{"profile":{"name":"Cy"},"wa_id":"31611111111"}],"messages":[{{{string.Join(',', messages)}}}]}}]}]}""";

    private static string Tweets(params string[] tweets) =>
        $$$"""{"for_user_id":"BRAND","tweet_create_events":[{{{string.Join(',', tweets)}}}]}""";

    private static string DirectMessages(params string[] messages) =>
        $$$"""{"for_user_id":"BRAND","direct_message_events":[{{{string.Join(',', messages)}}}],"users":{"U9":{"screen_name":"dee"} } }""";

    public static TheoryData<string, string> OddEventsSeenInTheField => new()
    {
        { "messaging [1]", Messenger(GoodMessenger, "1") },
        { "a message that is a number", Messenger(GoodMessenger, """{"sender":{"id":"PSID9"},"recipient":{"id":"PAGE1"},"message":1}""") },
        { "a string timestamp", Messenger(GoodMessenger, """{"sender":{"id":"PSID8"},"recipient":{"id":"PAGE1"},"timestamp":"1764579601000","message":{"mid":"m_2","text":"hi"}}""") },
        { "a timestamp past year 9999", Messenger(GoodMessenger, """{"sender":{"id":"PSID8"},"recipient":{"id":"PAGE1"},"timestamp":99999999999999999,"message":{"mid":"m_3","text":"hi"}}""") },
        { "a sender that is a string", Messenger(GoodMessenger, """{"sender":"PSID8","recipient":{"id":"PAGE1"},"message":{"mid":"m_4","text":"hi"}}""") },
        { "a feed change whose value is a string", Feed(GoodComment, """{"field":"feed","value":"odd"}""") },
        { "a comment whose from is a number", Feed(GoodComment, """{"field":"feed","value":{"item":"comment","verb":"add","comment_id":"C_2","from":5}}""") },
        { "an Instagram comment whose media is an array", Instagram(GoodInstagram, """{"field":"comments","value":{"id":"C_3","media":[1]}}""") },
        { "a WhatsApp message whose text is a string", WhatsApp(GoodWhatsApp, """{"from":"3161","id":"wamid.2","type":"text","text":"hi"}""") },
        { "a WhatsApp message that is a number", WhatsApp(GoodWhatsApp, "7") },
        { "an X extended_tweet of 1", Tweets(GoodTweet, """{"id_str":"T_2","text":"hi","extended_tweet":1,"user":{"id_str":"U2"}}""") },
        { "an X user that is a string", Tweets(GoodTweet, """{"id_str":"T_3","text":"hi","user":"U2","quoted_status":[]}""") },
        { "an X message_create of \"x\"", DirectMessages(GoodDirectMessage, """{"type":"message_create","id":"D_2","message_create":"x"}""") },
        { "an X direct message without its id", DirectMessages(GoodDirectMessage, """{"type":"message_create","message_create":{"sender_id":"U9"}}""") },
    };

    [Theory]
    [MemberData(nameof(OddEventsSeenInTheField))]
    public void An_odd_event_costs_only_itself(string why, string body)
    {
        var batch = body.Contains("for_user_id", StringComparison.Ordinal) ? X(body) : Meta(body);

        Assert.True(batch.Posts.Count >= 1, why);
        Assert.Contains(batch.Posts, p => p.NetworkMessageId.Contains("good", StringComparison.Ordinal));
        Assert.Equal(batch.Skipped, batch.Skips.Values.Sum());
    }

    [Fact]
    public void A_whatsapp_change_without_a_value_is_skipped_and_the_next_change_is_read()
    {
        var body = $$$"""{"object":"whatsapp_business_account","entry":[{"id":"WABA1","changes":[{"field":"messages"},{"field":"messages","value":{"metadata":{"phone_number_id":"PN1"},"messages":[{{{GoodWhatsApp}}}]}}]}]}""";

        var batch = Meta(body);

        Assert.Equal("wamid.good", Assert.Single(batch.Posts).NetworkMessageId);
        Assert.Equal(1, batch.Skips[WebhookSkips.Unreadable]);
    }

    [Fact]
    public void Metas_dashboard_test_message_with_its_string_timestamp_is_read()
    {
        // The shape the App Dashboard's "Test" button sends for the messages field.
        var batch = Meta("""
            {"object":"page","entry":[{"id":"0","time":1764579601,"changes":[{"field":"messages","value":{
              "sender":{"id":"12334"},"recipient":{"id":"23245"},"timestamp":"1527459824",
              "message":{"mid":"test_message_id","text":"test_message"}}}]}]}
            """);

        var post = Assert.Single(batch.Posts);
        Assert.Equal(("test_message_id", "12334", "test_message"), (post.NetworkMessageId, post.AuthorId, post.Text));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1527459824), post.CreatedAt);
    }

    public static TheoryData<string, string, string, string> Templates => new()
    {
        { "messenger", GoodMessenger, Messenger(GoodMessenger), Messenger(GoodMessenger, "{0}") },
        { "facebook comment", GoodComment, Feed(GoodComment), Feed(GoodComment, "{0}") },
        { "instagram comment", GoodInstagram, Instagram(GoodInstagram), Instagram(GoodInstagram, "{0}") },
        { "whatsapp", GoodWhatsApp, WhatsApp(GoodWhatsApp), WhatsApp(GoodWhatsApp, "{0}") },
        { "x post", GoodTweet, Tweets(GoodTweet), Tweets(GoodTweet, "{0}") },
        { "x direct message", GoodDirectMessage, DirectMessages(GoodDirectMessage), DirectMessages(GoodDirectMessage, "{0}") },
    };

    /// <summary>
    /// The property behind the cases above, over 400 seeded mutations per network event: a copy of
    /// the good event with one node bent out of shape, placed beside the good event.
    /// </summary>
    [Theory]
    [MemberData(nameof(Templates))]
    public void Whatever_shape_one_event_takes_the_event_beside_it_is_read(string network, string goodEvent, string alone, string beside)
    {
        var read = network.StartsWith('x') ? (Func<string, WebhookBatch>)X : Meta;
        var reference = read(alone);
        Assert.Single(reference.Posts);
        var good = JsonNode.Parse(goodEvent)!;
        for (var seed = 0; seed < 400; seed++)
        {
            var odd = JsonMutator.Mutate(good, new Random(seed));
            var body = beside.Replace("{0}", odd?.ToJsonString() ?? "null", StringComparison.Ordinal);
            WebhookBatch batch;
            try
            {
                batch = read(body);
            }
            catch (Exception thrown)
            {
                Assert.Fail($"{network}, seed {seed}: {thrown.GetType().Name} for {body}");
                return;
            }

            Assert.True(batch.Posts.Contains(reference.Posts[0]), $"{network}, seed {seed}: the good event was not read beside {body}");
            Assert.Equal(batch.Skipped, batch.Skips.Values.Sum());
        }
    }
}
