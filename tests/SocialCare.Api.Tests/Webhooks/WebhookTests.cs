using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using SocialCare.Connectors.Webhooks;
using SocialCare.Testing.Networks;

namespace SocialCare.Api.Tests.Webhooks;

/// <summary>The networks' webhooks on the real host: handshakes, signatures, and posts that become conversations.</summary>
[Collection(ApiCollection.Name)]
public sealed class WebhookTests(ApiFixture api) : IDisposable
{
    private const string XSecret = "x-consumer-secret";
    private const string MetaSecret = "meta-app-secret";
    private const string VerifyToken = "verify-me";

    private readonly HttpClient _http = new() { BaseAddress = api.WebhookAddress };

    public void Dispose() => _http.Dispose();

    private async Task<string> TenantAsync(Action<Wire.Tenant>? adjust = null)
    {
        var tenant = await api.NewTenantAsync(adjust);
        api.SetWebhookSecrets(tenant, XSecret, MetaSecret, VerifyToken);
        return tenant;
    }

    private static string MetaSignature(byte[] body, string secret = MetaSecret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static string XSignature(byte[] body, string secret = XSecret) =>
        "sha256=" + Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private Task<HttpResponseMessage> PostAsync(string path, byte[] body, string? header, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation(header!, signature);
        }

        return _http.SendAsync(request);
    }

    private Task<HttpResponseMessage> PostMetaAsync(string tenant, byte[] body, string? signature) =>
        PostAsync($"webhooks/meta/{tenant}", body, WebhookSignatures.MetaSignatureHeader, signature);

    /// <summary>The care clock's now in Unix milliseconds: the networks stamp their events with their own clock.</summary>
    private long Now => api.Clock.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task<Wire.QueueItem[]> QueueAsync(string tenant) =>
        [.. (await api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}" })).Items];

    /// <summary>A Messenger message as Meta sends it: non-ASCII escaped, so only the raw bytes match the signature.</summary>
    private byte[] Messenger(string page, string psid, string mid, string escapedText) => Encoding.UTF8.GetBytes(
        $$$"""{"object":"page","entry":[{"id":"{{{page}}}","time":{{{Now / 1000}}},"messaging":[{"sender":{"id":"{{{psid}}}"},"recipient":{"id":"{{{page}}}"},"timestamp":{{{Now}}},"message":{"mid":"{{{mid}}}","text":"{{{escapedText}}}"}}]}]}""");

    [Fact]
    public async Task The_handshakes_answer_only_with_the_tenants_secrets()
    {
        var tenant = await TenantAsync();

        var challenge = await _http.GetAsync($"webhooks/meta/{tenant}?hub.mode=subscribe&hub.verify_token={VerifyToken}&hub.challenge=1158201444");
        Assert.Equal((HttpStatusCode.OK, "1158201444"), (challenge.StatusCode, await challenge.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Forbidden, (await _http.GetAsync($"webhooks/meta/{tenant}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("webhooks/meta/no-such-tenant?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1")).StatusCode);

        var crc = await _http.GetFromJsonAsync<JsonElement>($"webhooks/x/{tenant}?crc_token=token-1");
        Assert.Equal(WebhookSignatures.XCrcResponseToken("token-1", XSecret), crc.GetProperty("response_token").GetString());
        // A replayed CRC gets the same answer: it proves the secret, nothing more.
        var replayed = await _http.GetFromJsonAsync<JsonElement>($"webhooks/x/{tenant}?crc_token=token-1");
        Assert.Equal(crc.GetProperty("response_token").GetString(), replayed.GetProperty("response_token").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.GetAsync($"webhooks/x/{tenant}")).StatusCode);
    }

    [Fact]
    public async Task A_signed_messenger_message_becomes_a_conversation_once_however_often_it_is_delivered()
    {
        var tenant = await TenantAsync();
        var body = Messenger("page-1", "psid-9", "m_1", "Mon vol est annul\\u00e9, que faire ?");

        var first = await PostMetaAsync(tenant, body, MetaSignature(body));
        var again = await PostMetaAsync(tenant, body, MetaSignature(body));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(1, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stored").GetInt32());
        Assert.Equal(1, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicates").GetInt32());
        var item = Assert.Single(await QueueAsync(tenant));
        Assert.Equal(Wire.Channel.Messenger, item.Channel);
        var conversation = (await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = item.Conversation })).Conversation;
        var message = Assert.Single(conversation.Messages);
        Assert.Equal(("Mon vol est annulé, que faire ?", "m_1", Wire.Visibility.Private, "psid-9"), (message.Text, message.NetworkMessageId, message.Visibility, message.Author.NetworkUserId));
    }

    [Fact]
    public async Task An_instagram_unsend_of_a_stored_message_removes_its_words_and_reopens_nothing_and_an_edit_is_applied()
    {
        var tenant = await TenantAsync();
        byte[] Instagram(string messaging) => Encoding.UTF8.GetBytes(
            $$$"""{"object":"instagram","entry":[{"id":"ig-1","time":{{{Now / 1000}}},"messaging":[{"sender":{"id":"igsid-4"},"recipient":{"id":"ig-1"},"timestamp":{{{Now}}},{{{messaging}}}}]}]}""");
        var first = Instagram("""
            "message":{"mid":"ig_m1","text":"My card 4111 1111 1111 1111 was charged twice"}
            """.Trim());
        var second = Instagram("""
            "message":{"mid":"ig_m2","text":"Any news?"}
            """.Trim());
        await PostMetaAsync(tenant, first, MetaSignature(first));
        await PostMetaAsync(tenant, second, MetaSignature(second));
        var conversationName = Assert.Single(await QueueAsync(tenant)).Conversation;
        await api.Conversations.ResolveConversationAsync(new Wire.ResolveConversationRequest { Name = conversationName, Note = "Refunded" });

        var unsend = Instagram("""
            "message":{"mid":"ig_m1","is_deleted":true}
            """.Trim());
        var edit = Instagram("""
            "message_edit":{"mid":"ig_m2","text":"Any news? It has been a week","num_edit":1}
            """.Trim());
        var unsent = await (await PostMetaAsync(tenant, unsend, MetaSignature(unsend))).Content.ReadFromJsonAsync<JsonElement>();
        var edited = await (await PostMetaAsync(tenant, edit, MetaSignature(edit))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal((1, 0), (unsent.GetProperty("applied").GetInt32(), unsent.GetProperty("stored").GetInt32()));
        Assert.Equal(1, edited.GetProperty("applied").GetInt32());
        var conversation = (await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = conversationName })).Conversation;
        Assert.Equal(Wire.ConversationState.Resolved, conversation.State);
        Assert.Empty(await QueueAsync(tenant));
        var (deleted, changed) = (conversation.Messages.Single(m => m.NetworkMessageId == "ig_m1"), conversation.Messages.Single(m => m.NetworkMessageId == "ig_m2"));
        Assert.Equal("", deleted.Text);
        Assert.NotNull(deleted.DeleteTime);
        Assert.Equal(("Any news? It has been a week", "Any news?"), (changed.Text, changed.EarlierVersions.Single().Text));
        Assert.Equal(2, conversation.Messages.Count(m => m.Kind == Wire.MessageKind.Customer));
    }

    /// <summary>One body of each kind of event the readers take, in the networks' shapes: the seeds of the property below.</summary>
    private static readonly (string Network, string Body)[] EventKinds =
    [
        ("meta", """{"object":"page","entry":[{"id":"page-1","time":1764579600,"messaging":[{"sender":{"id":"p1"},"recipient":{"id":"page-1"},"timestamp":1764579601000,"message":{"mid":"k1","text":"hi","attachments":[{"type":"image","payload":{"url":"https://x.example/a.jpg"}}],"quick_reply":{"payload":"Q"}}}]}]}"""),
        ("meta", """{"object":"page","entry":[{"id":"page-1","time":1764579600,"messaging":[{"sender":{"id":"p1"},"recipient":{"id":"page-1"},"timestamp":1764579601000,"postback":{"title":"Get Started","payload":"GS","referral":{"ref":"r","source":"SHORTLINK","type":"OPEN_THREAD"}}}]}]}"""),
        ("meta", """{"object":"page","entry":[{"id":"page-1","time":1764579600,"messaging":[{"sender":{"id":"p1"},"recipient":{"id":"page-1"},"timestamp":1764579601000,"reaction":{"mid":"k1","action":"react","emoji":"x"}}]}]}"""),
        ("meta", """{"object":"page","entry":[{"id":"page-1","time":1764579600,"standby":[{"sender":{"id":"p1"},"recipient":{"id":"page-1"},"timestamp":1764579601000,"message_edit":{"mid":"k1","text":"edited"}}]}]}"""),
        ("meta", """{"object":"page","entry":[{"id":"page-1","time":1764579600,"changes":[{"field":"feed","value":{"item":"photo","verb":"add","post_id":"P1","from":{"id":"u1"},"message":"m","photo":"https://x.example/p.jpg","created_time":1764579500}}]}]}"""),
        ("meta", """{"object":"page","entry":[{"id":"page-1","time":1764579600,"changes":[{"field":"ratings","value":{"item":"rating","verb":"add","reviewer_id":"u2","review_text":"ok","recommendation_type":"positive","open_graph_story_id":"OG"}}]}]}"""),
        ("meta", """{"object":"page","entry":[{"id":"page-1","time":1764579600,"changes":[{"field":"mention","value":{"item":"comment","verb":"add","post_id":"P2","comment_id":"C2","sender_id":"u3","message":"@brand"}}]}]}"""),
        ("meta", """{"object":"instagram","entry":[{"id":"ig-1","time":1764579600,"changes":[{"field":"mentions","value":{"media_id":"M1","comment_id":"C1"}},{"field":"live_comments","value":{"id":"L1","text":"t","from":{"id":"i1","username":"u"},"media":{"id":"M2"}}}]}]}"""),
        ("meta", """{"object":"instagram","entry":[{"id":"ig-1","time":1764579600,"messaging":[{"sender":{"id":"i1"},"recipient":{"id":"ig-1"},"timestamp":1764579601000,"message":{"mid":"k2","is_deleted":true}}]}]}"""),
        ("meta", """{"object":"whatsapp_business_account","entry":[{"id":"W","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"pn-1"},"contacts":[{"profile":{"name":"C"},"wa_id":"316"}],"messages":[{"from":"316","id":"w1","timestamp":"1764579800","type":"location","location":{"latitude":52.3,"longitude":4.7,"name":"n"}},{"from":"316","id":"w2","timestamp":"1764579801","type":"contacts","contacts":[{"name":{"formatted_name":"D"},"phones":[{"phone":"+31"}]}]}]}}]}]}"""),
        ("meta", """{"object":"whatsapp_business_account","entry":[{"id":"W","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"pn-1"},"messages":[{"from":"316","id":"w3","timestamp":"1764579802","type":"interactive","interactive":{"type":"nfm_reply","nfm_reply":{"name":"flow","body":"Sent","response_json":"{}"}}},{"from":"316","id":"w4","type":"reaction","reaction":{"message_id":"w1","emoji":"x"}},{"from":"316","id":"w5","type":"order","order":{"catalog_id":"c","product_items":[{"product_retailer_id":"p","quantity":"1"}]}}],"statuses":[{"id":"o1","status":"failed","biz_opaque_callback_data":"c-1.2","errors":[{"code":131026,"title":"t"}]}]}}]}]}"""),
        ("x", """{"for_user_id":"brand-x","tweet_create_events":[{"id_str":"t1","text":"@brand &amp; hi","user":{"id_str":"u1","screen_name":"s"},"entities":{"user_mentions":[{"id_str":"brand-x"}]},"extended_entities":{"media":[{"id_str":"m","type":"photo","media_url_https":"https://x.example/m.jpg"}]}}]}"""),
        ("x", """{"for_user_id":"brand-x","direct_message_events":[{"type":"message_create","id":"d1","created_timestamp":"1764579601000","message_create":{"sender_id":"u1","target":{"recipient_id":"brand-x"},"message_data":{"text":"x","attachment":{"type":"media","media":{"id_str":"m2","type":"photo","media_url_https":"https://x.example/2.jpg"}},"quick_reply_response":{"type":"options","metadata":"y"}}}}],"tweet_delete_events":[{"status":{"id":"t1","user_id":"u1"},"timestamp_ms":"1764579900000"}]}"""),
    ];

    [Fact]
    public async Task Any_well_signed_json_body_of_any_event_kind_is_answered_2xx_or_4xx_never_5xx()
    {
        var tenant = await TenantAsync();
        for (var kind = 0; kind < EventKinds.Length; kind++)
        {
            var (network, json) = EventKinds[kind];
            for (var seed = 0; seed < 12; seed++)
            {
                // Seed 0 posts the body as it is; the others bend one node of it into a shape nobody documented.
                var body = Encoding.UTF8.GetBytes(seed == 0 ? json : JsonMutator.Mutate(JsonNode.Parse(json)!, new Random((kind * 100) + seed))?.ToJsonString() ?? "null");
                var response = network == "x"
                    ? await PostAsync($"webhooks/x/{tenant}", body, WebhookSignatures.XSignatureHeader, XSignature(body))
                    : await PostMetaAsync(tenant, body, MetaSignature(body));

                var status = (int)response.StatusCode;
                Assert.True(status is >= 200 and < 500, $"kind {kind}, seed {seed}: {status} for {Encoding.UTF8.GetString(body)}");
                if (seed == 0)
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }
            }
        }
    }

    [Fact]
    public async Task Unsigned_forged_and_tampered_requests_are_refused_and_store_nothing()
    {
        var tenant = await TenantAsync();
        var body = Messenger("page-1", "psid-9", "m_1", "hello");
        var tampered = Messenger("page-1", "psid-9", "m_1", "hellO");

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostMetaAsync(tenant, body, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostMetaAsync(tenant, body, "sha1=abc")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostMetaAsync(tenant, tampered, MetaSignature(body))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostMetaAsync(tenant, body, MetaSignature(body, "another-app"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync($"webhooks/x/{tenant}", body, WebhookSignatures.XSignatureHeader, XSignature(body, "wrong"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostMetaAsync("no-such-tenant", body, MetaSignature(body))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostMetaAsync(tenant, "[1,2]"u8.ToArray(), MetaSignature("[1,2]"u8.ToArray()))).StatusCode);

        Assert.Empty(await QueueAsync(tenant));
    }

    [Fact]
    public async Task X_posts_become_conversations_and_a_keyword_match_cannot_be_answered_in_public()
    {
        var tenant = await TenantAsync();
        var body = Encoding.UTF8.GetBytes("""
            {"for_user_id":"BRAND","tweet_create_events":[
              {"id_str":"T1","created_at":"Tue Dec 01 20:19:24 +0000 2026","text":"@brand my bag is lost 😡","user":{"id_str":"U1","screen_name":"ann"},"entities":{"user_mentions":[{"id_str":"BRAND"}]}},
              {"id_str":"T2","created_at":"Tue Dec 01 20:20:00 +0000 2026","text":"brand lost my bag too","user":{"id_str":"U2","screen_name":"bo"},"entities":{"user_mentions":[]}}]}
            """);

        var response = await PostAsync($"webhooks/x/{tenant}", body, WebhookSignatures.XSignatureHeader, XSignature(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = await QueueAsync(tenant);
        Assert.Equal(2, items.Length);
        var keyword = items.Single(i => i.AuthorHandle == "bo");
        var refused = await Assert.ThrowsAsync<RpcException>(() => api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = keyword.Conversation, AgentId = "jd", Text = "Sorry!" }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        var addressed = items.Single(i => i.AuthorHandle == "ann");
        var reply = await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = addressed.Conversation, AgentId = "jd", Text = "So sorry Ann, tracing it now." });
        var delivery = (await api.Deliveries.GetDeliveryAsync(new Wire.GetDeliveryRequest { Name = $"tenants/{tenant}/deliveries/{reply.Reply.Delivery.DeliveryId}" })).Delivery;
        Assert.Equal(("BRAND", "T1", "U1"), (delivery.AccountId, delivery.InReplyToId, delivery.RecipientId));
    }

    [Fact]
    public async Task The_follower_count_x_sends_with_a_post_reaches_the_policy_and_raises_an_influential_author()
    {
        var tenant = await TenantAsync();
        var body = Encoding.UTF8.GetBytes("""
            {"for_user_id":"BRAND","tweet_create_events":[
              {"id_str":"T1","text":"@brand can I change my booking to Friday?","user":{"id_str":"U1","screen_name":"star","name":"A Star","followers_count":250000},"entities":{"user_mentions":[{"id_str":"BRAND"}]}},
              {"id_str":"T2","text":"@brand can I change my booking to Friday?","user":{"id_str":"U2","screen_name":"fan","followers_count":40},"entities":{"user_mentions":[{"id_str":"BRAND"}]}}]}
            """);

        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"webhooks/x/{tenant}", body, WebhookSignatures.XSignatureHeader, XSignature(body))).StatusCode);

        var items = await QueueAsync(tenant);
        var star = (await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = items.Single(i => i.AuthorHandle == "star").Conversation })).Conversation;
        var fan = (await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = items.Single(i => i.AuthorHandle == "fan").Conversation })).Conversation;
        Assert.Equal((250_000L, "A Star"), (star.Author.FollowerCount, star.Author.DisplayName));
        Assert.Equal(PriorityAbove(fan.Priority), star.Priority);
        Assert.Equal("influence", star.PriorityReasons[^1].Source);
        Assert.DoesNotContain(fan.PriorityReasons, r => r.Source == "influence");
    }

    private static Wire.Priority PriorityAbove(Wire.Priority priority) => priority == Wire.Priority.Urgent ? priority : priority - 1;

    [Fact]
    public async Task An_echo_naming_our_delivery_marks_it_sent_and_opens_nothing()
    {
        var tenant = await TenantAsync();
        var body = Messenger("page-1", "psid-9", "m_1", "Can you rebook me?");
        await PostMetaAsync(tenant, body, MetaSignature(body));
        var item = Assert.Single(await QueueAsync(tenant));
        var reply = await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = item.Conversation, AgentId = "jd", Text = "Done!", Visibility = Wire.Visibility.Private });
        var deliveryId = reply.Reply.Delivery.DeliveryId;

        var echo = Encoding.UTF8.GetBytes($$$"""
            {"object":"page","entry":[{"id":"page-1","time":{{{Now / 1000}}},"messaging":[{"sender":{"id":"page-1"},"recipient":{"id":"psid-9"},"timestamp":{{{Now}}},
              "message":{"mid":"m_our","text":"Done!","is_echo":true,"metadata":"{{{deliveryId}}}"}}]}]}
            """);
        var response = await PostMetaAsync(tenant, echo, MetaSignature(echo));

        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("echoes").GetInt32());
        var delivery = (await api.Deliveries.GetDeliveryAsync(new Wire.GetDeliveryRequest { Name = $"tenants/{tenant}/deliveries/{deliveryId}" })).Delivery;
        Assert.Equal((Wire.DeliveryState.Sent, "m_our"), (delivery.State, delivery.NetworkMessageId));
        Assert.Equal(2, (await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = item.Conversation })).Conversation.Messages.Count);
    }

    [Fact]
    public async Task WhatsApp_messages_land_on_the_number_they_were_sent_to_and_other_accounts_are_skipped()
    {
        var tenant = await TenantAsync(t => t.ChannelAccounts.Add(new Wire.ChannelAccount { Channel = Wire.Channel.Whatsapp, AccountId = "PN1", Handle = "+31 20 000 0000" }));
        var body = Encoding.UTF8.GetBytes($$$"""
            {"object":"whatsapp_business_account","entry":[{"id":"WABA1","changes":[{"field":"messages","value":{
              "messaging_product":"whatsapp","metadata":{"phone_number_id":"PN1"},"contacts":[{"profile":{"name":"Cy"},"wa_id":"31611111111"}],
              "messages":[{"from":"31611111111","id":"wamid.A","timestamp":"{{{Now / 1000}}}","type":"text","text":{"body":"Is my flight on time?"}}]}},
              {"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"PN-OTHER-BRAND"},
              "messages":[{"from":"31622222222","id":"wamid.B","timestamp":"1764579801","type":"text","text":{"body":"not for this tenant"}}]}}]}]}
            """);

        var response = await PostMetaAsync(tenant, body, MetaSignature(body));

        var counts = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, 1), (counts.GetProperty("stored").GetInt32(), counts.GetProperty("skipped").GetInt32()));
        var item = Assert.Single(await QueueAsync(tenant));
        Assert.Equal((Wire.Channel.Whatsapp, "Cy"), (item.Channel, item.AuthorHandle));
        var reply = await api.Conversations.PostReplyAsync(new Wire.PostReplyRequest { Name = item.Conversation, AgentId = "jd", Text = "Yes, on time.", Visibility = Wire.Visibility.Private });
        var delivery = (await api.Deliveries.GetDeliveryAsync(new Wire.GetDeliveryRequest { Name = $"tenants/{tenant}/deliveries/{reply.Reply.Delivery.DeliveryId}" })).Delivery;
        Assert.Equal(("PN1", "31611111111", "wamid.A", true), (delivery.AccountId, delivery.RecipientId, delivery.InReplyToId, delivery.AnswersPrivateMessage));

        // WhatsApp's status of our message carries the delivery id the sender passed: it confirms the delivery.
        var status = Encoding.UTF8.GetBytes($$$"""
            {"object":"whatsapp_business_account","entry":[{"id":"WABA1","changes":[{"field":"messages","value":{
              "messaging_product":"whatsapp","metadata":{"phone_number_id":"PN1"},
              "statuses":[{"id":"wamid.OUT","status":"sent","timestamp":"{{{Now / 1000}}}","recipient_id":"31611111111","biz_opaque_callback_data":"{{{delivery.DeliveryId}}}"}]}}]}]}
            """);
        var confirmed = await PostMetaAsync(tenant, status, MetaSignature(status));
        Assert.Equal(1, (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("echoes").GetInt32());
        var sent = (await api.Deliveries.GetDeliveryAsync(new Wire.GetDeliveryRequest { Name = delivery.Name })).Delivery;
        Assert.Equal((Wire.DeliveryState.Sent, "wamid.OUT"), (sent.State, sent.NetworkMessageId));
    }

    /// <summary>A customer's Messenger message event (not yet in a body), with a message id of the test's choosing.</summary>
    private string MessengerEvent(string mid, string psid = "psid-9") =>
        $$$"""{"sender":{"id":"{{{psid}}}"},"recipient":{"id":"page-1"},"timestamp":{{{Now}}},"message":{"mid":"{{{mid}}}","text":"Where is my bag?"}}""";

    private static byte[] MessengerBody(params string[] events) =>
        Encoding.UTF8.GetBytes($$$"""{"object":"page","entry":[{"id":"page-1","time":1764579601,"messaging":[{{{string.Join(',', events)}}}]}]}""");

    /// <summary>Posts a batch holding only the good event again: it was stored iff the answer calls it a duplicate.</summary>
    private async Task<bool> WasStoredAsync(string tenant, string goodEvent)
    {
        var alone = MessengerBody(goodEvent);
        var again = await (await PostMetaAsync(tenant, alone, MetaSignature(alone))).Content.ReadFromJsonAsync<JsonElement>();
        return again.GetProperty("duplicates").GetInt32() == 1 && again.GetProperty("stored").GetInt32() == 0;
    }

    [Fact]
    public async Task One_odd_event_in_a_signed_batch_is_skipped_and_the_good_events_beside_it_are_stored()
    {
        var tenant = await TenantAsync();
        string[] odd =
        [
            "1",
            """{"sender":{"id":"psid-2"},"recipient":{"id":"page-1"},"timestamp":"1764579601000","message":{"mid":"m_str","text":"string time"}}""",
            """{"sender":{"id":"psid-2"},"recipient":{"id":"page-1"},"timestamp":99999999999999999999,"message":{"mid":"m_huge","text":"huge time"}}""",
            """{"sender":"psid-2","message":[]}""",
        ];
        for (var i = 0; i < odd.Length; i++)
        {
            var good = MessengerEvent($"m_good_{i}", $"psid-{i}");
            var body = MessengerBody(odd[i], good);

            var response = await PostMetaAsync(tenant, body, MetaSignature(body));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(await WasStoredAsync(tenant, good), odd[i]);
        }

        var whatsApp = Encoding.UTF8.GetBytes($$$"""
            {"object":"whatsapp_business_account","entry":[{"id":"WABA1","changes":[{"field":"messages"},{"field":"messages","value":{
              "metadata":{"phone_number_id":"PN1"},"messages":[{"from":"31611111111","id":"wamid.good","timestamp":"{{{Now / 1000}}}","type":"text","text":{"body":"On time?"}}]}}]}]}
            """);
        var answer = await (await PostMetaAsync(tenant, whatsApp, MetaSignature(whatsApp))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, 1), (answer.GetProperty("stored").GetInt32(), answer.GetProperty("skipped_by").GetProperty(WebhookSkips.Unreadable).GetInt32()));

        var x = Encoding.UTF8.GetBytes("""
            {"for_user_id":"BRAND","tweet_create_events":[{"id_str":"T_odd","text":"hi","extended_tweet":1,"user":{"id_str":"U2"}},
              {"id_str":"T_good","text":"@brand my bag","user":{"id_str":"U1","screen_name":"ann"},"entities":{"user_mentions":[{"id_str":"BRAND"}]}}],
             "direct_message_events":[{"type":"message_create","id":"D_odd","message_create":"x"}]}
            """);
        var xAnswer = await (await PostAsync($"webhooks/x/{tenant}", x, WebhookSignatures.XSignatureHeader, XSignature(x))).Content.ReadFromJsonAsync<JsonElement>();
        // A post whose extended_tweet is odd is still read, from its plain text; the direct message without a body is not.
        Assert.Equal((2, 1), (xAnswer.GetProperty("stored").GetInt32(), xAnswer.GetProperty("skipped_by").GetProperty(WebhookSkips.Unreadable).GetInt32()));
    }

    [Theory]
    [InlineData("""{"object":1}""")]
    [InlineData("""{"object":"page","entry":5}""")]
    [InlineData("""{"object":"user","entry":[]}""")]
    [InlineData("""{"for_user_id":{"id":1}}""")]
    public async Task A_signed_body_that_is_not_what_the_network_sends_is_a_bad_request(string json)
    {
        var tenant = await TenantAsync();
        var body = Encoding.UTF8.GetBytes(json);

        var meta = await PostMetaAsync(tenant, body, MetaSignature(body));
        var x = await PostAsync($"webhooks/x/{tenant}", body, WebhookSignatures.XSignatureHeader, XSignature(body));

        Assert.Equal(HttpStatusCode.BadRequest, json.Contains("for_user_id", StringComparison.Ordinal) ? x.StatusCode : meta.StatusCode);
    }

    /// <summary>
    /// The webhook property: any signed JSON body answers 2xx or 4xx, never 5xx, and when it is
    /// taken, the good event posted beside an odd one is stored. 60 seeded odd events on the real host.
    /// </summary>
    [Fact]
    public async Task Any_signed_body_with_an_odd_event_is_answered_without_a_server_error_and_its_good_event_is_stored()
    {
        var tenant = await TenantAsync();
        for (var seed = 0; seed < 60; seed++)
        {
            var good = MessengerEvent($"m_good_{seed}", $"psid-good-{seed}");
            var odd = JsonMutator.Mutate(JsonNode.Parse(MessengerEvent($"m_odd_{seed}", $"psid-odd-{seed}"))!, new Random(seed))?.ToJsonString() ?? "null";
            var body = MessengerBody(odd, good);

            var response = await PostMetaAsync(tenant, body, MetaSignature(body));

            var status = (int)response.StatusCode;
            Assert.True(status is >= 200 and < 500, $"seed {seed}: {status} for {Encoding.UTF8.GetString(body)}");
            if (status < 300)
            {
                Assert.True(await WasStoredAsync(tenant, good), $"seed {seed}: the good event was not stored beside {odd}");
            }
        }
    }
}
