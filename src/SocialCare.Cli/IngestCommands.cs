using System.CommandLine;

namespace SocialCare.Cli;

/// <summary>Ingesting a mention as a connector would.</summary>
internal static partial class CareCommands
{
    private static Command Ingest(Option<string> tenant)
    {
        var channel = new Option<string>("--channel") { Description = "x, facebook, instagram, messenger, whatsapp, email or web-chat.", DefaultValueFactory = _ => "x" };
        // Refused while parsing, with the choices, rather than sent as "unspecified" for the server to refuse.
        channel.AcceptOnlyFromAmong("x", "twitter", "facebook", "instagram", "messenger", "whatsapp", "email", "web-chat", "webchat");
        var author = new Option<string>("--author-id") { Description = "The network's user id of the author.", Required = true };
        var handle = new Option<string>("--handle") { Description = "The author's handle, e.g. @ann.", DefaultValueFactory = _ => "" };
        var name = new Option<string>("--name") { Description = "The author's display name.", DefaultValueFactory = _ => "" };
        var followers = new Option<long>("--followers") { Description = "The author's follower count." };
        var verified = new Option<bool>("--verified") { Description = "The author is verified." };
        var messageId = new Option<string?>("--message-id") { Description = "The network's message id (default: a new one)." };
        var text = new Option<string>("--text") { Description = "What the customer wrote.", Required = true };
        var direct = new Option<bool>("--private") { Description = "A direct message rather than a public post." };
        var command = new Command("ingest", "Ingest one customer mention, as a connector would.")
        {
            channel, author, handle, name, followers, verified, messageId, text, direct,
        };
        command.SetAction(async (r, ct) =>
        {
            using var client = Client(r);
            var mention = new Wire.Mention
            {
                TenantId = r.GetValue(tenant)!,
                Channel = ParseChannel(r.GetValue(channel)!),
                NetworkMessageId = r.GetValue(messageId) ?? Guid.NewGuid().ToString("N"),
                Author = new Wire.Author
                {
                    NetworkUserId = r.GetValue(author)!,
                    Handle = r.GetValue(handle)!,
                    DisplayName = r.GetValue(name)!,
                    FollowerCount = r.GetValue(followers),
                    Verified = r.GetValue(verified),
                },
                Text = r.GetValue(text)!,
                Visibility = r.GetValue(direct) ? Wire.Visibility.Private : Wire.Visibility.Public,
            };
            Printer.Ingested(await client.Ingest.IngestMentionAsync(new Wire.IngestMentionRequest { Mention = mention }, cancellationToken: ct));
        });
        return command;
    }

    private static Wire.Channel ParseChannel(string value) => value.ToUpperInvariant().Replace("-", "_", StringComparison.Ordinal) switch
    {
        "X" or "TWITTER" => Wire.Channel.X,
        "FACEBOOK" => Wire.Channel.Facebook,
        "INSTAGRAM" => Wire.Channel.Instagram,
        "MESSENGER" => Wire.Channel.Messenger,
        "WHATSAPP" => Wire.Channel.Whatsapp,
        "EMAIL" => Wire.Channel.Email,
        "WEB_CHAT" or "WEBCHAT" => Wire.Channel.WebChat,
        _ => Wire.Channel.Unspecified,
    };
}
