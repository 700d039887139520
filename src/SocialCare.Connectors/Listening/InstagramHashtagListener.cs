using System.Globalization;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using SocialCare.Connectors.Delivery;
using SocialCare.Connectors.Webhooks;

namespace SocialCare.Connectors.Listening;

/// <summary>
/// Listens on Instagram for the brand's hashtags: the tenant's tracking keywords that are
/// hashtags ("#AcmeAir"), each looked up once (Instagram allows 30 hashtags per account per 7
/// days) and its recent media read every round. Instagram does not say who posted, so each post is
/// ingested as its own keyword mention (the post's caption, and the post as a shared post with its
/// permalink), stored once by its media id; posts seen this run are not sent again.
/// </summary>
public sealed class InstagramHashtagListener(
    Wire.IngestService.IngestServiceClient ingest,
    string tenantId,
    AccountCredential account,
    NetworkEndpoints endpoints,
    ListeningSettings settings,
    HttpClient http,
    TimeProvider clock,
    Action<string> log) : NetworkListener(ingest, tenantId, account, endpoints, settings, http, clock, log)
{
    /// <summary>Instagram's limit of hashtags an account may search in seven days.</summary>
    public const int MaxHashtags = 30;

    /// <summary>Post ids kept to spare resending; beyond, a resend is answered duplicate anyway.</summary>
    private const int MaxRemembered = 10_000;

    private readonly Dictionary<string, string> _hashtagIds = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    protected override string Network => "Instagram";

    protected override async Task<TimeSpan?> RoundAsync(Wire.TrackingRules rules, CancellationToken cancellationToken)
    {
        var hashtags = rules.Keywords.Where(k => k.StartsWith('#') && k.Length > 1 && !k.Any(char.IsWhiteSpace)).Select(k => k[1..]).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (hashtags.Count > MaxHashtags)
        {
            Log($"{hashtags.Count} hashtags; Instagram searches {MaxHashtags} per account a week, the rest are left out: {string.Join(", ", hashtags.Skip(MaxHashtags))}");
            hashtags = [.. hashtags.Take(MaxHashtags)];
        }

        foreach (var hashtag in hashtags)
        {
            if (!await ReadHashtagAsync(hashtag, cancellationToken).ConfigureAwait(false))
            {
                break;
            }
        }

        return null;
    }

    /// <returns>False when the round should end (the network or SocialCare did not answer).</returns>
    private async Task<bool> ReadHashtagAsync(string hashtag, CancellationToken cancellationToken)
    {
        var user = Uri.EscapeDataString(Account.AccountId);
        if (!_hashtagIds.TryGetValue(hashtag, out var hashtagId))
        {
            using var found = await AnswerAsync($"ig_hashtag_search?user_id={user}&q={Uri.EscapeDataString(hashtag)}", cancellationToken).ConfigureAwait(false);
            if (found is null)
            {
                return false;
            }

            if (Json.Array(found.RootElement, "data").Select(d => Json.Text(d, "id")).FirstOrDefault(id => id is { Length: > 0 }) is not { } id)
            {
                Log($"#{hashtag} is not a hashtag Instagram knows");
                return true;
            }

            _hashtagIds[hashtag] = hashtagId = id;
        }

        using var media = await AnswerAsync($"{Uri.EscapeDataString(hashtagId)}/recent_media?user_id={user}&fields=id,caption,media_type,permalink,timestamp&limit={Settings.MaxResults.ToString(CultureInfo.InvariantCulture)}", cancellationToken).ConfigureAwait(false);
        if (media is null)
        {
            return false;
        }

        // Newest first from Instagram; stored oldest first.
        foreach (var post in Json.Array(media.RootElement, "data").Reverse())
        {
            if (Json.Text(post, "id") is not { Length: > 0 } mediaId || _seen.Contains(mediaId))
            {
                continue;
            }

            if (!await IngestAsync(Mention(post, mediaId, hashtag), cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            if (_seen.Count >= MaxRemembered)
            {
                _seen.Clear();
            }

            _seen.Add(mediaId);
        }

        return true;
    }

    private async Task<JsonDocument?> AnswerAsync(string path, CancellationToken cancellationToken)
    {
        var (answer, rateLimited) = await GetAsync(new Uri(Endpoints.Graph, path), cancellationToken).ConfigureAwait(false);
        if (rateLimited is not null)
        {
            rateLimited.Dispose();
            Log("rate limited; trying again next round");
        }

        return answer;
    }

    private Wire.Mention Mention(JsonElement post, string mediaId, string hashtag)
    {
        var mention = new Wire.Mention
        {
            TenantId = TenantId,
            Channel = Wire.Channel.Instagram,
            NetworkMessageId = mediaId,
            ThreadId = mediaId,
            // Instagram does not say who posted: each post stands for its own author until a console opens it.
            Author = new Wire.Author { NetworkUserId = $"hashtag-post-{mediaId}", Handle = $"#{hashtag}" },
            Text = WebhookContent.Caption(Json.Text(post, "caption")) ?? "",
            Visibility = Wire.Visibility.Public,
            CreateTime = DateTimeOffset.TryParse(Json.Text(post, "timestamp"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? Timestamp.FromDateTimeOffset(at.ToUniversalTime()) : null,
            KeywordMatch = true,
            AccountId = Account.AccountId,
        };
        mention.Attachments.Add(new Wire.Attachment { Kind = Wire.AttachmentKind.SharedPost, NetworkType = "hashtag_media", MediaId = mediaId, Url = WebhookContent.Link(post, "permalink") ?? "" });
        return mention;
    }
}
