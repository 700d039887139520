using SocialCare.Api.Access;

namespace SocialCare.Api.Tests;

/// <summary>Attachments, taps and referrals reach the desk whole, and what a remote agent sees of them is masked like words.</summary>
[Collection(ApiCollection.Name)]
public sealed class MessageContentApiTests(ApiFixture api)
{
    [Fact]
    public async Task A_photo_without_words_opens_a_conversation_the_queue_shows_as_a_photo_with_its_caption()
    {
        var tenant = await api.NewTenantAsync();
        var mention = Requests.Mention(tenant, "ann", "", Wire.Channel.Whatsapp);
        mention.Attachments.Add(new Wire.Attachment
        {
            Kind = Wire.AttachmentKind.Image,
            MediaId = "IMG1",
            MediaType = "image/jpeg",
            Caption = "my bag arrived broken",
            Url = "https://media.example/IMG1.jpg",
        });
        mention.Referral = new Wire.Referral { Source = "ad", AdId = "AD7", Headline = "Winter sun" };

        var opened = await api.Ingest.IngestMentionAsync(Requests.Ingest(mention));

        var message = (await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = opened.Conversation })).Conversation.Messages.Single();
        Assert.Equal("", message.Text);
        var photo = Assert.Single(message.Attachments);
        Assert.Equal((Wire.AttachmentKind.Image, "IMG1", "image/jpeg", "my bag arrived broken", "https://media.example/IMG1.jpg"), (photo.Kind, photo.MediaId, photo.MediaType, photo.Caption, photo.Url));
        Assert.Equal(("ad", "AD7", "Winter sun"), (message.Referral.Source, message.Referral.AdId, message.Referral.Headline));
        var queue = await api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}" });
        Assert.Equal("photo: my bag arrived broken", queue.Items.Single().Preview);
        // Triage read the caption: a broken bag is a complaint, not an unread remark.
        Assert.Equal(Wire.Category.Complaint, opened.Triage.Category);
    }

    [Fact]
    public async Task A_tapped_button_is_stored_as_the_choice_and_triaged_by_its_title()
    {
        var tenant = await api.NewTenantAsync();
        var mention = Requests.Mention(tenant, "bo", "", Wire.Channel.Whatsapp);
        mention.Choice = new Wire.CustomerChoice { Kind = Wire.ChoiceKind.Button, Title = "My flight was cancelled", Payload = "cancelled" };

        var opened = await api.Ingest.IngestMentionAsync(Requests.Ingest(mention));

        var message = (await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = opened.Conversation })).Conversation.Messages.Single();
        Assert.Equal((Wire.ChoiceKind.Button, "My flight was cancelled", "cancelled"), (message.Choice.Kind, message.Choice.Title, message.Choice.Payload));
        Assert.Equal("tapped \"My flight was cancelled\"", (await api.Queues.ListQueueAsync(new Wire.ListQueueRequest { Parent = $"tenants/{tenant}" })).Items.Single().Preview);
        Assert.NotEqual(Wire.Category.Remark, opened.Triage.Category);
    }

    [Fact]
    public async Task A_remote_agent_sees_a_shared_place_to_the_city_and_a_contact_cards_numbers_masked()
    {
        var tenant = await api.NewTenantAsync();
        var mention = Requests.Mention(tenant, "cy", "here, and my wife's number", Wire.Channel.Whatsapp);
        mention.Attachments.Add(new Wire.Attachment { Kind = Wire.AttachmentKind.Location, Location = new Wire.GeoLocation { Latitude = 52.31054, Longitude = 4.76831, Name = "Schiphol" } });
        var card = new Wire.ContactCard { Name = "Dee Vos" };
        card.Phones.Add("+31 6 2222 3333");
        card.Emails.Add("dee@example.com");
        mention.Attachments.Add(new Wire.Attachment { Kind = Wire.AttachmentKind.Contact, Contact = card });
        var opened = await api.Ingest.IngestMentionAsync(Requests.Ingest(mention));
        using var remote = api.ChannelFor(Contracts.CareCredential.Bearer(api.Token(new TokenSubject("kim", [tenant], Domain.Access.CareRoles.Agent, Location: Domain.Access.AgentLocation.Remote))));

        var seen = (await new Wire.ConversationService.ConversationServiceClient(remote).GetConversationAsync(new Wire.GetConversationRequest { Name = opened.Conversation })).Conversation.Messages.Single();

        Assert.Equal((52.3, 4.8), (seen.Attachments[0].Location.Latitude, seen.Attachments[0].Location.Longitude));
        Assert.DoesNotContain("2222 3333", seen.Attachments[1].Contact.Phones.Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("dee@example.com", seen.Attachments[1].Contact.Emails.Single(), StringComparison.Ordinal);
        var inOffice = (await api.Conversations.GetConversationAsync(new Wire.GetConversationRequest { Name = opened.Conversation })).Conversation.Messages.Single();
        Assert.Equal((52.31054, "+31 6 2222 3333"), (inOffice.Attachments[0].Location.Latitude, inOffice.Attachments[1].Contact.Phones.Single()));
    }
}
