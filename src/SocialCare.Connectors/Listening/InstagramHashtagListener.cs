using System.Globalization;
using System.Net;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
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
    Action<string> log)
{
    /// <summary>Instagram's limit of hashtags an account may search in seven days.</summary>
    public const int MaxHashtags = 30;

    /// <summary>Post ids kept to spare resending; beyond, a resend is answered duplicate anyway.</summary>
    private const int MaxRemembered = 10_000;

    private readonly Dictionary<string, string> _hashtagIds = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private long _ingested;

    /// <summary>Posts found and stored (or found stored already).</summary>
    public long Ingested => Interlocked.Read(ref _ingested);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var rules = await ingest.GetTrackingRulesAsync(new Wire.GetTrackingRulesRequest { Name = $"tenants/{tenantId}" }, cancellationToken: cancellationToken).ConfigureAwait(false);
                var hashtags = rules.Tracking.Keywords.Where(k => k.StartsWith('#') && k.Length > 1 && !k.Any(char.IsWhiteSpace)).Select(k => k[1..]).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                if (hashtags.Count > MaxHashtags)
                {
                    log($"listening on Instagram: {hashtags.Count} hashtags; Instagram searches {MaxHashtags} per account a week, the rest are left out: {string.Join(", ", hashtags.Skip(MaxHashtags))}");
                    hashtags = hashtags.Take(MaxHashtags).ToList();
                }

                foreach (var hashtag in hashtags)
                {
                    if (!await ReadHashtagAsync(hashtag, cancellationToken).ConfigureAwait(false))
                    {
                        break;
                    }
                }
            }
            catch (RpcException lost) when (!cancellationToken.IsCancellationRequested && lost.StatusCode is StatusCode.Unavailable or StatusCode.ResourceExhausted or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown)
            {
                log($"listening on Instagram: SocialCare did not take the round ({lost.StatusCode}); trying again next round");
            }
            catch (Exception stopped) when (stopped is OperationCanceledException or RpcException && cancellationToken.IsCancellationRequested)
            {
                break;
            }

            try
            {
                await Task.Delay(settings.Interval, clock, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <returns>False when the round should end (rate limited, or SocialCare busy).</returns>
    private async Task<bool> ReadHashtagAsync(string hashtag, CancellationToken cancellationToken)
    {
        var user = Uri.EscapeDataString(account.AccountId);
        if (!_hashtagIds.TryGetValue(hashtag, out var hashtagId))
        {
            using var found = await GetAsync($"ig_hashtag_search?user_id={user}&q={Uri.EscapeDataString(hashtag)}", cancellationToken).ConfigureAwait(false);
            if (found is null)
            {
                return false;
            }

            if (Json.Array(found.RootElement, "data").Select(d => Json.Text(d, "id")).FirstOrDefault(id => id is { Length: > 0 }) is not { } id)
            {
                log($"listening on Instagram: #{hashtag} is not a hashtag Instagram knows");
                return true;
            }

            _hashtagIds[hashtag] = hashtagId = id;
        }

        using var media = await GetAsync($"{Uri.EscapeDataString(hashtagId)}/recent_media?user_id={user}&fields=id,caption,media_type,permalink,timestamp&limit={settings.MaxResults.ToString(CultureInfo.InvariantCulture)}", cancellationToken).ConfigureAwait(false);
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

            if (!await IngestAsync(post, mediaId, hashtag, cancellationToken).ConfigureAwait(false))
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

    private async Task<JsonDocument?> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoints.Graph, path));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", account.AccessToken);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(endpoints.Timeout);
        try
        {
            using var response = await http.SendAsync(request, attempt.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                log($"listening on Instagram: HTTP {(int)response.StatusCode}{(response.StatusCode == HttpStatusCode.TooManyRequests ? " (rate limited)" : "")}; trying again next round");
                return null;
            }

            return JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(attempt.Token).ConfigureAwait(false));
        }
        catch (Exception failed) when (failed is HttpRequestException or IOException or JsonException || (failed is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            log($"listening on Instagram: the search did not answer ({failed.GetType().Name}); trying again next round");
            return null;
        }
    }

    private async Task<bool> IngestAsync(JsonElement post, string mediaId, string hashtag, CancellationToken cancellationToken)
    {
        var caption = WebhookContent.Caption(Json.Text(post, "caption"));
        var mention = new Wire.Mention
        {
            TenantId = tenantId,
            Channel = Wire.Channel.Instagram,
            NetworkMessageId = mediaId,
            ThreadId = mediaId,
            // Instagram does not say who posted: each post stands for its own author until a console opens it.
            Author = new Wire.Author { NetworkUserId = $"hashtag-post-{mediaId}", Handle = $"#{hashtag}" },
            Text = caption ?? "",
            Visibility = Wire.Visibility.Public,
            CreateTime = DateTimeOffset.TryParse(Json.Text(post, "timestamp"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? Timestamp.FromDateTimeOffset(at.ToUniversalTime()) : null,
            KeywordMatch = true,
            AccountId = account.AccountId,
        };
        mention.Attachments.Add(new Wire.Attachment { Kind = Wire.AttachmentKind.SharedPost, NetworkType = "hashtag_media", MediaId = mediaId, Url = WebhookContent.Link(post, "permalink") ?? "" });
        try
        {
            await ingest.IngestMentionAsync(new Wire.IngestMentionRequest { Mention = mention }, cancellationToken: cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _ingested);
            return true;
        }
        catch (RpcException refused) when (refused.StatusCode is StatusCode.FailedPrecondition or StatusCode.InvalidArgument)
        {
            // The tenant's rules do not take it (an exclusion, another language), or it cannot be read: never retried.
            return true;
        }
        catch (RpcException busy) when (busy.StatusCode is StatusCode.ResourceExhausted or StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            log($"listening on Instagram: SocialCare is busy ({busy.StatusCode}); post {mediaId} is read again next round");
            return false;
        }
    }
}
