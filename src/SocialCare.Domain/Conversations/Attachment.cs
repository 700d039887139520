namespace SocialCare.Domain.Conversations;

/// <summary>What a customer sent besides words, as the networks name it in their webhooks.</summary>
public enum AttachmentKind
{
    /// <summary>A kind the network added after this list was written: kept with its network type.</summary>
    Other = 0,
    Image = 1,
    Video = 2,
    /// <summary>A voice note or an audio file.</summary>
    Audio = 3,
    /// <summary>A document: a PDF, a boarding pass, a receipt.</summary>
    File = 4,
    Sticker = 5,
    Location = 6,
    /// <summary>A contact card.</summary>
    Contact = 7,
    /// <summary>A shared link (Messenger's "fallback").</summary>
    Link = 8,
    /// <summary>A shared post or reel.</summary>
    SharedPost = 9,
    /// <summary>A story that mentions the brand, or the brand's story the customer answered.</summary>
    Story = 10,
    /// <summary>A catalog order.</summary>
    Order = 11,
}

/// <summary>A place a customer shared.</summary>
[GenerateSerializer, Immutable]
public sealed record GeoLocation(
    [property: Id(0)] double Latitude,
    [property: Id(1)] double Longitude,
    [property: Id(2)] string? Name = null,
    [property: Id(3)] string? Address = null);

/// <summary>A contact card a customer shared.</summary>
[GenerateSerializer, Immutable]
public sealed record ContactCard(
    [property: Id(0)] string Name,
    [property: Id(1)] IReadOnlyList<string> Phones,
    [property: Id(2)] IReadOnlyList<string> Emails);

/// <summary>
/// One thing attached to a customer's message. Media stay on the network: <see cref="Url"/> (a
/// link the network may expire) or <see cref="MediaId"/> (fetched with the brand account's token)
/// says where.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Attachment([property: Id(0)] AttachmentKind Kind)
{
    /// <summary>The network's own name of the type ("ig_reel", "voice", "story_mention"), where it is finer than <see cref="Kind"/>.</summary>
    [Id(1)] public string? NetworkType { get; init; }
    /// <summary>The MIME type, when the network says.</summary>
    [Id(2)] public string? MediaType { get; init; }
    [Id(3)] public string? Url { get; init; }
    [Id(4)] public string? MediaId { get; init; }
    /// <summary>A file's name, a link's or a shared post's title, an order's summary.</summary>
    [Id(5)] public string? Name { get; init; }
    [Id(6)] public long? SizeBytes { get; init; }
    /// <summary>The words the customer wrote with it.</summary>
    [Id(7)] public string? Caption { get; init; }
    [Id(8)] public GeoLocation? Location { get; init; }
    [Id(9)] public ContactCard? Contact { get; init; }

    /// <summary>How an agent's queue says it in a line: "photo", "voice note", "location: Gate B12".</summary>
    public string Describe()
    {
        var what = Kind switch
        {
            AttachmentKind.Image => "photo",
            AttachmentKind.Video => "video",
            AttachmentKind.Audio => NetworkType == "voice" ? "voice note" : "audio",
            AttachmentKind.File => "file",
            AttachmentKind.Sticker => "sticker",
            AttachmentKind.Location => "location",
            AttachmentKind.Contact => "contact",
            AttachmentKind.Link => "link",
            AttachmentKind.SharedPost => "shared post",
            AttachmentKind.Story => "story",
            AttachmentKind.Order => "order",
            _ => NetworkType is { Length: > 0 } type ? type.Replace('_', ' ') : "attachment",
        };
        var about = Caption ?? Location?.Name ?? Location?.Address ?? Contact?.Name ?? Name;
        return string.IsNullOrWhiteSpace(about) ? what : $"{what}: {about}";
    }
}

/// <summary>How a customer answered with a tap instead of words.</summary>
public enum ChoiceKind
{
    Other = 0,
    /// <summary>A reply button (WhatsApp interactive button, a template's quick-reply button).</summary>
    Button = 1,
    /// <summary>A row of a list message.</summary>
    ListItem = 2,
    /// <summary>A Messenger or Instagram quick reply.</summary>
    QuickReply = 3,
    /// <summary>A postback: Get Started, a persistent menu item, a structured message's button.</summary>
    Postback = 4,
    /// <summary>An Instagram ice-breaker question.</summary>
    IceBreaker = 5,
    /// <summary>A WhatsApp Flow the customer completed.</summary>
    Flow = 6,
    /// <summary>A review's verdict: recommends or not, or a star rating.</summary>
    Review = 7,
}

/// <summary>
/// The option a customer tapped: what they saw (<see cref="Title"/>) and what the brand attached
/// to it (<see cref="Payload"/>: a button id, a postback payload); for a Flow, the answers as
/// the network's JSON.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CustomerChoice(
    [property: Id(0)] ChoiceKind Kind,
    [property: Id(1)] string Title,
    [property: Id(2)] string? Payload = null)
{
    [Id(3)] public string? ResponseJson { get; init; }
}

/// <summary>Where a conversation came from when the network says: an ad, a link, a post.</summary>
[GenerateSerializer, Immutable]
public sealed record Referral([property: Id(0)] string Source)
{
    /// <summary>"OPEN_THREAD", "ads", the network's word for how the thread was opened.</summary>
    [Id(1)] public string? Type { get; init; }
    [Id(2)] public string? AdId { get; init; }
    /// <summary>The ref parameter of an m.me link, or a post's id.</summary>
    [Id(3)] public string? Ref { get; init; }
    [Id(4)] public string? Url { get; init; }
    /// <summary>An ad's headline or body, as the network passes it on.</summary>
    [Id(5)] public string? Headline { get; init; }
}

/// <summary>A customer message's words together with what came with them, for the readers of a message: triage and previews.</summary>
public static class MessageContent
{
    /// <summary>Most attachments one message may carry (a WhatsApp or Messenger album is ten or fewer).</summary>
    public const int MaxAttachments = 20;

    /// <summary>What triage reads: the words, each attachment's caption, and the title of the option tapped.</summary>
    public static string Readable(string text, IReadOnlyList<Attachment>? attachments, CustomerChoice? choice)
    {
        // Nearly every mention is words alone: read them as they are, with nothing built.
        if (attachments is not { Count: > 0 } && choice is null)
        {
            return string.IsNullOrWhiteSpace(text) ? "" : text;
        }

        var parts = new List<string>(4);
        if (!string.IsNullOrWhiteSpace(text))
        {
            parts.Add(text);
        }

        foreach (var attachment in attachments ?? [])
        {
            if (!string.IsNullOrWhiteSpace(attachment.Caption) && attachment.Caption != text)
            {
                parts.Add(attachment.Caption);
            }
        }

        if (choice is not null && !string.IsNullOrWhiteSpace(choice.Title) && choice.Title != text)
        {
            parts.Add(choice.Title);
        }

        return string.Join('\n', parts);
    }

    /// <summary>The queue's line for a message: its words, else what it carries ("photo: my bag"), else the option tapped.</summary>
    public static string Preview(string text, IReadOnlyList<Attachment>? attachments, CustomerChoice? choice)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            return ReplyText.Preview(text);
        }

        if (attachments is { Count: > 0 })
        {
            return ReplyText.Preview(string.Join(", ", attachments.Select(a => a.Describe())));
        }

        return choice is null ? "" : ReplyText.Preview($"tapped \"{choice.Title}\"");
    }
}
