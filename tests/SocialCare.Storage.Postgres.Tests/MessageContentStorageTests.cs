using SocialCare.Domain.Conversations;
using SocialCare.Grains.Journal;

namespace SocialCare.Storage.Postgres.Tests;

/// <summary>What came with a customer's words is stored with the message and read back whole, on both profiles.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MessageContentStorageTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Journals => OpenJournal.Kinds;

    [Theory]
    [MemberData(nameof(Journals))]
    public async Task Attachments_a_choice_and_a_referral_are_read_back_as_stored(string kind)
    {
        await using var open = await OpenJournal.OpenAsync(postgres, kind);
        Attachment[] attachments =
        [
            new(AttachmentKind.Image) { MediaId = "IMG1", MediaType = "image/jpeg", Caption = "my bag", Url = "https://media.example/1.jpg", SizeBytes = 52_114 },
            new(AttachmentKind.Location) { Location = new GeoLocation(52.3105, 4.7683, "Schiphol", "Evert van de Beekstraat 202") },
            new(AttachmentKind.Contact) { NetworkType = "contacts", Contact = new ContactCard("Dee Vos", ["+31 6 2222 3333"], ["dee@example.com"]) },
        ];
        var message = new ConversationMessage("1", MessageKind.Customer, Visibility.Private, "", At, At)
        {
            NetworkMessageId = "wamid.1",
            Attachments = attachments,
            Choice = new CustomerChoice(ChoiceKind.Flow, "Sent", "flow") { ResponseJson = """{"rating":"5"}""" },
            Referral = new Referral("ad") { AdId = "AD7", Headline = "Winter sun" },
        };

        await open.Journal.RecordAsync(new JournalWrite("brand/c1", [message], null, new ConversationSnapshot([1], 0)));

        var read = Assert.Single(await open.Journal.ReadMessagesAsync("brand/c1", 0, 1, 1));
        Assert.Equal(attachments.Length, read.Attachments!.Count);
        Assert.Equal(attachments[0], read.Attachments[0]);
        Assert.Equal(attachments[1], read.Attachments[1]);
        var card = read.Attachments[2].Contact!;
        Assert.Equal(("Dee Vos", "+31 6 2222 3333", "dee@example.com"), (card.Name, Assert.Single(card.Phones), Assert.Single(card.Emails)));
        Assert.Equal(message.Choice, read.Choice);
        Assert.Equal(message.Referral, read.Referral);
    }
}
