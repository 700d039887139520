using System.Globalization;
using System.Net;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using SocialCare.Connectors.Delivery;
using SocialCare.Connectors.Webhooks;
using SocialCare.Domain.Conversations;

namespace SocialCare.Connectors.Listening;

/// <summary>
/// Listens on X for posts that name the brand without its handle: X's recent search, with a query
/// built from the tenant's tracking rules (read again every round, so a change of the rules
/// changes the search), from the last post seen on. Each post is ingested as a keyword mention of
/// the brand's X account (a post that does address the brand is ingested as addressed, as its
/// webhook would), stored once by its id however often it is found. Paced by
/// <see cref="ListeningSettings.Interval"/> and by X's rate-limit answers; a network or
/// SocialCare that is away is waited for, and nothing seen is skipped: the last post seen
/// moves only once every post before it is stored.
/// </summary>
public sealed class XListener(
    Wire.IngestService.IngestServiceClient ingest,
    string tenantId,
    AccountCredential account,
    NetworkEndpoints endpoints,
    ListeningSettings settings,
    HttpClient http,
    TimeProvider clock,
    Action<string> log)
{
    private long _ingested;
    private long _notTaken;
    private string? _newestSeen;

    /// <summary>Posts found and stored (or found stored already).</summary>
    public long Ingested => Interlocked.Read(ref _ingested);

    /// <summary>Posts the tenant's rules did not take (FAILED_PRECONDITION from ingest).</summary>
    public long NotTaken => Interlocked.Read(ref _notTaken);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        string? lastQuery = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var wait = settings.Interval;
            try
            {
                var rules = await ingest.GetTrackingRulesAsync(new Wire.GetTrackingRulesRequest { Name = $"tenants/{tenantId}" }, cancellationToken: cancellationToken).ConfigureAwait(false);
                var (query, leftOut) = XSearchQuery.Build(rules.Tracking.Keywords, rules.Tracking.Exclusions, rules.Tracking.Languages, account.AccountId);
                if (query != lastQuery)
                {
                    log(query is null
                        ? $"listening on X for tenant {tenantId}: no tracking keywords, nothing to search for"
                        : $"listening on X for tenant {tenantId}: {query}{(leftOut.Count == 0 ? "" : $" (left out for length: {string.Join(", ", leftOut)})")}");
                    lastQuery = query;
                }

                if (query is not null)
                {
                    wait = await SearchAndIngestAsync(query, cancellationToken).ConfigureAwait(false) ?? wait;
                }
            }
            catch (RpcException lost) when (!cancellationToken.IsCancellationRequested && lost.StatusCode is StatusCode.Unavailable or StatusCode.ResourceExhausted or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown)
            {
                log($"listening on X: SocialCare did not take the round ({lost.StatusCode}); trying again in {wait.TotalSeconds:0} s");
            }
            catch (Exception stopped) when (stopped is OperationCanceledException or RpcException && cancellationToken.IsCancellationRequested)
            {
                break;
            }

            try
            {
                await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <returns>How long X asked us to wait, if it did.</returns>
    private async Task<TimeSpan?> SearchAndIngestAsync(string query, CancellationToken cancellationToken)
    {
        // Every page since the last post seen (X answers newest first, a page at a time), then
        // stored oldest first, so the last post seen only moves past stored posts.
        var posts = new List<InboundPost>();
        string? newest = null;
        string? next = null;
        for (var page = 0; page < settings.MaxPages; page++)
        {
            var url = $"2/tweets/search/recent?query={Uri.EscapeDataString(query)}&max_results={settings.MaxResults.ToString(CultureInfo.InvariantCulture)}"
                + "&tweet.fields=created_at,lang,author_id,conversation_id,in_reply_to_user_id,entities,referenced_tweets&expansions=author_id&user.fields=username,name,verified,public_metrics"
                + (_newestSeen is null ? "" : $"&since_id={Uri.EscapeDataString(_newestSeen)}")
                + (next is null ? "" : $"&next_token={Uri.EscapeDataString(next)}");
            var (answer, wait) = await SearchAsync(url, cancellationToken).ConfigureAwait(false);
            if (answer is null)
            {
                return wait;
            }

            using (answer)
            {
                var root = answer.RootElement;
                var users = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var user in Json.Array(Json.Object(root, "includes"), "users"))
                {
                    if (Json.Text(user, "id") is { } id)
                    {
                        users[id] = user.Clone();
                    }
                }

                posts.AddRange(Json.Array(root, "data").Select(p => XSearchPost.Read(p, users, account.AccountId)).OfType<InboundPost>());
                var meta = Json.Object(root, "meta");
                newest ??= Json.Text(meta, "newest_id");
                next = Json.Text(meta, "next_token");
            }

            if (next is null)
            {
                break;
            }
        }

        if (next is not null)
        {
            log($"listening on X: more than {settings.MaxPages} pages of posts since the last round; the oldest beyond them are not read (search more often)");
        }

        foreach (var post in posts.OrderBy(p => p.NetworkMessageId.Length).ThenBy(p => p.NetworkMessageId, StringComparer.Ordinal))
        {
            if (!await IngestAsync(post, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            _newestSeen = post.NetworkMessageId;
        }

        _newestSeen = newest ?? _newestSeen;
        return null;
    }

    /// <returns>The answer, or null and how long X asked to wait (null: the next round).</returns>
    private async Task<(JsonDocument? Answer, TimeSpan? Wait)> SearchAsync(string url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoints.X, url));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", account.AccessToken);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(endpoints.Timeout);
        try
        {
            using var response = await http.SendAsync(request, attempt.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var reset = NetworkCall.RetryAfter(response, clock) ?? settings.Interval;
                log($"listening on X: rate limited; searching again in {reset.TotalSeconds:0} s");
                return (null, reset > settings.Interval ? reset : settings.Interval);
            }

            if (!response.IsSuccessStatusCode)
            {
                log($"listening on X: the search answered HTTP {(int)response.StatusCode}; trying again next round");
                return (null, null);
            }

            return (JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(attempt.Token).ConfigureAwait(false)), null);
        }
        catch (Exception failed) when (failed is HttpRequestException or IOException or JsonException || (failed is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            log($"listening on X: the search did not answer ({failed.GetType().Name}); trying again next round");
            return (null, null);
        }
    }

    /// <returns>False when SocialCare could not take it now (the round ends; the post is searched again).</returns>
    private async Task<bool> IngestAsync(InboundPost post, CancellationToken cancellationToken)
    {
        var mention = new Wire.Mention
        {
            TenantId = tenantId,
            Channel = Wire.Channel.X,
            NetworkMessageId = post.NetworkMessageId,
            ThreadId = post.ThreadId ?? "",
            InReplyToId = post.InReplyToId ?? "",
            Author = new Wire.Author { NetworkUserId = post.AuthorId, Handle = post.AuthorName ?? post.AuthorId, DisplayName = post.AuthorName ?? "" },
            Text = post.Text,
            Visibility = Wire.Visibility.Public,
            CreateTime = post.CreatedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
            KeywordMatch = !post.Addressed,
            AccountId = account.AccountId,
            Language = post.Language ?? "",
        };
        try
        {
            await ingest.IngestMentionAsync(new Wire.IngestMentionRequest { Mention = mention }, cancellationToken: cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _ingested);
            return true;
        }
        catch (RpcException refused) when (refused.StatusCode == StatusCode.FailedPrecondition)
        {
            // The tenant's rules say no (an exclusion, another language): not a failure, never retried.
            Interlocked.Increment(ref _notTaken);
            return true;
        }
        catch (RpcException refused) when (refused.StatusCode == StatusCode.InvalidArgument)
        {
            log($"listening on X: post {post.NetworkMessageId} refused ({refused.Status.Detail}); skipped");
            return true;
        }
        catch (RpcException busy) when (busy.StatusCode is StatusCode.ResourceExhausted or StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            log($"listening on X: SocialCare is busy ({busy.StatusCode}); post {post.NetworkMessageId} is searched again next round");
            return false;
        }
    }
}

/// <summary>How a connector listens: how often it searches, and how many posts a search returns at most.</summary>
public sealed class ListeningSettings
{
    /// <summary>Between two searches of one account. X's recent search allows 450 requests per 15 minutes per app: one a minute leaves room for many accounts.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Posts per search page (X takes 10..100).</summary>
    public int MaxResults { get; set; } = 100;

    /// <summary>Pages read in one round at most; more means the interval is too long for the brand's volume.</summary>
    public int MaxPages { get; set; } = 10;
}
