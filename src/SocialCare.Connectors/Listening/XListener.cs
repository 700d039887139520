using System.Globalization;
using System.Text.Json;
using SocialCare.Connectors.Delivery;
using SocialCare.Connectors.Webhooks;

namespace SocialCare.Connectors.Listening;

/// <summary>
/// Listens on X for posts that name the brand without its handle: X's recent search, with a query
/// built from the tenant's tracking rules, from the last post seen on. Each post is ingested as a
/// keyword mention of the brand's X account (a post that does address the brand is ingested as
/// addressed, as its webhook would), stored once by its id however often it is found. Paced by
/// <see cref="ListeningSettings.Interval"/> and by X's rate-limit answers; nothing seen is
/// skipped: the last post seen moves only once every post before it is stored.
/// </summary>
public sealed class XListener(
    Wire.IngestService.IngestServiceClient ingest,
    string tenantId,
    AccountCredential account,
    NetworkEndpoints endpoints,
    ListeningSettings settings,
    HttpClient http,
    TimeProvider clock,
    Action<string> log) : NetworkListener(ingest, tenantId, account, endpoints, settings, http, clock, log)
{
    private string? _newestSeen;
    private string? _lastQuery;

    protected override string Network => "X";

    protected override async Task<TimeSpan?> RoundAsync(Wire.TrackingRules rules, CancellationToken cancellationToken)
    {
        var (query, leftOut) = XSearchQuery.Build(rules.Keywords, rules.Exclusions, rules.Languages, Account.AccountId);
        if (query != _lastQuery)
        {
            Log(query is null
                ? $"tenant {TenantId} has no tracking keywords, nothing to search for"
                : $"tenant {TenantId}: {query}{(leftOut.Count == 0 ? "" : $" (left out for length: {string.Join(", ", leftOut)})")}");
            _lastQuery = query;
        }

        return query is null ? null : await SearchAndIngestAsync(query, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TimeSpan?> SearchAndIngestAsync(string query, CancellationToken cancellationToken)
    {
        // Every page since the last post seen (X answers newest first, a page at a time), then
        // stored oldest first, so the last post seen only moves past stored posts.
        var posts = new List<InboundPost>();
        string? newest = null;
        string? next = null;
        for (var page = 0; page < Settings.MaxPages; page++)
        {
            var url = $"2/tweets/search/recent?query={Uri.EscapeDataString(query)}&max_results={Settings.MaxResults.ToString(CultureInfo.InvariantCulture)}"
                + "&tweet.fields=created_at,lang,author_id,conversation_id,in_reply_to_user_id,entities,referenced_tweets&expansions=author_id&user.fields=username,name,verified,public_metrics"
                + (_newestSeen is null ? "" : $"&since_id={Uri.EscapeDataString(_newestSeen)}")
                + (next is null ? "" : $"&next_token={Uri.EscapeDataString(next)}");
            var (answer, rateLimited) = await GetAsync(new Uri(Endpoints.X, url), cancellationToken).ConfigureAwait(false);
            if (rateLimited is not null)
            {
                using (rateLimited)
                {
                    var reset = NetworkCall.RetryAfter(rateLimited, Clock) ?? Settings.Interval;
                    Log($"rate limited; searching again in {reset.TotalSeconds:0} s");
                    return reset > Settings.Interval ? reset : Settings.Interval;
                }
            }

            if (answer is null)
            {
                return null;
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

                posts.AddRange(Json.Array(root, "data").Select(p => XSearchPost.Read(p, users, Account.AccountId)).OfType<InboundPost>());
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
            Log($"more than {Settings.MaxPages} pages of posts since the last round; the oldest beyond them are not read (search more often)");
        }

        foreach (var post in posts.OrderBy(p => p.NetworkMessageId.Length).ThenBy(p => p.NetworkMessageId, StringComparer.Ordinal))
        {
            if (!await IngestAsync(post.ToMention(TenantId), cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            _newestSeen = post.NetworkMessageId;
        }

        _newestSeen = newest ?? _newestSeen;
        return null;
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
