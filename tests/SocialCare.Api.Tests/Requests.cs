namespace SocialCare.Api.Tests;

internal static class Requests
{
    public static Wire.Mention Mention(string tenant, string author, string text, Wire.Channel channel = Wire.Channel.X, string? messageId = null) => new()
    {
        TenantId = tenant,
        Channel = channel,
        NetworkMessageId = messageId ?? Guid.NewGuid().ToString("N"),
        Author = new Wire.Author { NetworkUserId = author, Handle = $"@{author}", DisplayName = author, FollowerCount = 120 },
        Text = text,
    };

    public static Wire.IngestMentionRequest Ingest(Wire.Mention mention) => new() { Mention = mention };
}
