using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SocialCare.Testing.Networks;

/// <summary>
/// X's, Graph's and WhatsApp's publishing endpoints on a loopback port. Each request's shape is
/// checked as the network would (a malformed one is answered 400 and counted in
/// <see cref="Malformed"/>); a good one is published: recorded, and answered with a new id in the
/// network's format. Faults queued with <see cref="Inject"/> replace the answers of the next
/// requests, in order.
/// </summary>
public sealed class StubNetwork : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<NetworkFault> _faults = new();
    private readonly ConcurrentQueue<NetworkRequest> _published = new();
    private readonly ConcurrentQueue<string> _malformed = new();
    private readonly ConcurrentQueue<string> _deleted = new();
    private long _ids = 1_800_000_000_000_000_000;
    private long _received;

    private StubNetwork(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The base address ("http://127.0.0.1:port/").</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The X API base to give a sender.</summary>
    public Uri X => Address;

    /// <summary>The Graph API base (with its version) to give a sender.</summary>
    public Uri Graph => new(Address, "v23.0/");

    /// <summary>Requests published, in arrival order (faulted ones are not, except <see cref="NetworkFault.LoseAnswer"/>).</summary>
    public IReadOnlyList<NetworkRequest> Published => [.. _published];

    /// <summary>The paths of messages deleted (a retraction), e.g. "2/tweets/1800..." or "v23.0/1800...", in order.</summary>
    public IReadOnlyList<string> Deleted => [.. _deleted];

    /// <summary>Why each malformed request was refused.</summary>
    public IReadOnlyList<string> Malformed => [.. _malformed];

    /// <summary>Every request that reached the stub, faulted or not.</summary>
    public int Received => (int)Interlocked.Read(ref _received);

    /// <param name="port">The loopback port; 0 (tests) picks a free one.</param>
    public static async Task<StubNetwork> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var network = new StubNetwork(app);
        app.MapPost("/2/tweets", network.TweetAsync);
        app.MapPost("/2/dm_conversations/with/{user}/messages", network.DirectMessageAsync);
        app.MapPost("/v23.0/{node}/{edge}", network.GraphAsync);
        app.MapGet("/2/tweets/search/recent", network.SearchAsync);
        app.MapGet("/v23.0/ig_hashtag_search", network.HashtagSearchAsync);
        app.MapGet("/v23.0/{hashtag}/recent_media", network.HashtagMediaAsync);
        app.MapDelete("/2/tweets/{id}", context => network.DeleteAsync(context, new { data = new { deleted = true } }));
        app.MapDelete("/v23.0/{node}", context => network.DeleteAsync(context, new { success = true }));
        await app.StartAsync();
        network.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/");
        return network;
    }

    /// <summary>A public post on X that searches can find (what customers say about the brand).</summary>
    public sealed record XPost(string Id, string AuthorId, string Username, string Text, string Lang = "en", string? MentionsId = null);

    private readonly ConcurrentQueue<XPost> _posts = new();
    private readonly ConcurrentQueue<string> _searches = new();

    /// <summary>Publishes posts on the stub's X, for its recent search to find.</summary>
    public void PostOnX(params XPost[] posts)
    {
        foreach (var post in posts)
        {
            _posts.Enqueue(post);
        }
    }

    /// <summary>The queries of the recent searches received, in order.</summary>
    public IReadOnlyList<string> Searches => [.. _searches];

    /// <summary>
    /// X's recent search over the posts published with <see cref="PostOnX"/>: the query's keywords
    /// (any of them, phrases quoted), exclusions (-word), languages (lang:xx) and -from:id are
    /// applied as X documents them; newest first, in pages of max_results with a next_token, from
    /// since_id on.
    /// </summary>
    private async Task SearchAsync(HttpContext context)
    {
        Interlocked.Increment(ref _received);
        if (!context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 401;
            return;
        }

        if (_faults.TryDequeue(out var fault) && fault is NetworkFault.Status status)
        {
            await AnswerAsync(context, status);
            return;
        }

        var query = context.Request.Query["query"].ToString();
        _searches.Enqueue(query);
        var since = long.TryParse(context.Request.Query["since_id"], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        var size = int.TryParse(context.Request.Query["max_results"], NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : 10;
        var skip = int.TryParse(context.Request.Query["next_token"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var matcher = SearchQuery.Parse(query);
        var found = _posts.Where(p => long.Parse(p.Id, CultureInfo.InvariantCulture) > since && matcher.Matches(p)).OrderByDescending(p => long.Parse(p.Id, CultureInfo.InvariantCulture)).ToList();
        var page = found.Skip(skip).Take(size).ToList();
        await context.Response.WriteAsJsonAsync(new
        {
            data = page.Select(p => new
            {
                id = p.Id,
                text = p.Text,
                author_id = p.AuthorId,
                lang = p.Lang,
                conversation_id = p.Id,
                created_at = "2026-12-07T09:00:00.000Z",
                entities = p.MentionsId is null ? null : new { mentions = new[] { new { start = 0, end = 6, username = "brand", id = p.MentionsId } } },
            }),
            includes = new { users = page.Select(p => new { id = p.AuthorId, username = p.Username, name = p.Username }).DistinctBy(u => u.id) },
            meta = new
            {
                result_count = page.Count,
                newest_id = page.FirstOrDefault()?.Id,
                oldest_id = page.LastOrDefault()?.Id,
                next_token = skip + size < found.Count ? (skip + size).ToString(CultureInfo.InvariantCulture) : null,
            },
        });
    }

    /// <summary>The parts of an X search query the stub applies.</summary>
    private sealed record SearchQuery(string[] Any, string[] None, string[] Languages, string? NotFrom)
    {
        public static SearchQuery Parse(string query)
        {
            var tokens = System.Text.RegularExpressions.Regex.Matches(query, "-?\"[^\"]*\"|[^\\s()]+").Select(t => t.Value).Where(t => t != "OR").ToList();
            string Bare(string t) => t.TrimStart('-').Trim('"');
            return new SearchQuery(
                [.. tokens.Where(t => !t.StartsWith('-') && !t.Contains(':', StringComparison.Ordinal)).Select(Bare)],
                [.. tokens.Where(t => t.StartsWith('-') && !t.Contains(':', StringComparison.Ordinal)).Select(Bare)],
                [.. tokens.Where(t => t.StartsWith("lang:", StringComparison.Ordinal)).Select(t => t[5..])],
                tokens.FirstOrDefault(t => t.StartsWith("-from:", StringComparison.Ordinal))?[6..]);
        }

        public bool Matches(XPost post) =>
            Any.Any(k => post.Text.Contains(k, StringComparison.OrdinalIgnoreCase))
            && !None.Any(k => post.Text.Contains(k, StringComparison.OrdinalIgnoreCase))
            && (Languages.Length == 0 || Languages.Contains(post.Lang))
            && post.AuthorId != NotFrom;
    }

    /// <summary>An Instagram post under a hashtag (Instagram's hashtag search does not say who posted).</summary>
    public sealed record InstagramPost(string Id, string Hashtag, string Caption);

    private readonly ConcurrentQueue<InstagramPost> _instagramPosts = new();

    /// <summary>Publishes posts on the stub's Instagram, for its hashtag search to find.</summary>
    public void PostOnInstagram(params InstagramPost[] posts)
    {
        foreach (var post in posts)
        {
            _instagramPosts.Enqueue(post);
        }
    }

    /// <summary>Hashtags looked up with ig_hashtag_search, in order (Instagram counts them against a weekly limit).</summary>
    public IReadOnlyList<string> HashtagLookups => [.. _hashtagLookups];

    private readonly ConcurrentQueue<string> _hashtagLookups = new();

    /// <summary>ig_hashtag_search: a hashtag's id is "h-" and its name in lower case; user_id is required.</summary>
    private async Task HashtagSearchAsync(HttpContext context)
    {
        Interlocked.Increment(ref _received);
        var q = context.Request.Query["q"].ToString();
        if (context.Request.Query["user_id"].ToString().Length == 0 || q.Length == 0)
        {
            context.Response.StatusCode = 400;
            return;
        }

        _hashtagLookups.Enqueue(q);
        await context.Response.WriteAsJsonAsync(new { data = new[] { new { id = "h-" + q.ToLowerInvariant() } } });
    }

    /// <summary>A hashtag's recent media, newest first: id, caption, permalink, timestamp.</summary>
    private async Task HashtagMediaAsync(HttpContext context)
    {
        Interlocked.Increment(ref _received);
        var hashtag = ((string)context.Request.RouteValues["hashtag"]!).Replace("h-", "", StringComparison.Ordinal);
        var posts = _instagramPosts.Where(p => string.Equals(p.Hashtag, hashtag, StringComparison.OrdinalIgnoreCase)).Reverse();
        await context.Response.WriteAsJsonAsync(new
        {
            data = posts.Select(p => new { id = p.Id, caption = p.Caption, media_type = "IMAGE", permalink = $"https://www.instagram.example/p/{p.Id}/", timestamp = "2026-12-07T09:00:00+0000" }),
        });
    }

    /// <summary>Queues faults for the next requests, one each.</summary>
    public void Inject(params NetworkFault[] faults)
    {
        foreach (var fault in faults)
        {
            _faults.Enqueue(fault);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private Task TweetAsync(HttpContext context) => HandleAsync(context, body =>
        Text(body, "text") is null ? "text is required"
        : NetworkRequest.Read(NetworkRequest.Read(body, "reply"), "in_reply_to_tweet_id")?.GetString() is not { Length: > 0 } ? "reply.in_reply_to_tweet_id is required"
        : null,
        (id, _) => new { data = new { id, text = "" } });

    private Task DirectMessageAsync(HttpContext context) => HandleAsync(context, body =>
        Text(body, "text") is null ? "text is required" : null,
        (id, _) => new { data = new { dm_conversation_id = "dm-1", dm_event_id = id } });

    private Task GraphAsync(HttpContext context)
    {
        var edge = (string)context.Request.RouteValues["edge"]!;
        return edge switch
        {
            "comments" or "replies" => HandleAsync(context, body => Text(body, "message") is null ? "message is required" : null, (id, _) => new { id }),
            "messages" => HandleAsync(context, SendApiShape, (id, body) => NetworkRequest.Read(body, "messaging_product") is null
                ? new { recipient_id = "r", message_id = $"m_{id}" }
                : new { messaging_product = "whatsapp", messages = new[] { new { id = $"wamid.{id}" } } }),
            _ => NotFound(context),
        };
    }

    /// <summary>The Send API (recipient.id or recipient.comment_id, message.text) or the WhatsApp Cloud API (to, text.body).</summary>
    private static string? SendApiShape(JsonElement body)
    {
        if (NetworkRequest.Read(body, "messaging_product")?.GetString() == "whatsapp")
        {
            return NetworkRequest.Read(body, "to")?.GetString() is not { Length: > 0 } ? "to is required"
                : NetworkRequest.Read(NetworkRequest.Read(body, "text"), "body")?.GetString() is not { Length: > 0 } ? "text.body is required"
                : null;
        }

        var recipient = NetworkRequest.Read(body, "recipient");
        return NetworkRequest.Read(recipient, "id") is null && NetworkRequest.Read(recipient, "comment_id") is null ? "recipient.id or recipient.comment_id is required"
            : NetworkRequest.Read(NetworkRequest.Read(body, "message"), "text")?.GetString() is not { Length: > 0 } ? "message.text is required"
            : null;
    }

    /// <summary>A delete of a message the stub published; anything else is 404, as the networks answer.</summary>
    private async Task DeleteAsync(HttpContext context, object confirmation)
    {
        Interlocked.Increment(ref _received);
        var path = context.Request.Path.Value!.TrimStart('/');
        var id = path[(path.LastIndexOf('/') + 1)..];
        if (!_published.Any(p => p.Answer == id || p.Answer == $"m_{id}"))
        {
            await NotFound(context);
            return;
        }

        _deleted.Enqueue(path);
        await context.Response.WriteAsJsonAsync(confirmation);
    }

    /// <summary>An injected status, its headers and its JSON body, as the network would answer.</summary>
    private static async Task AnswerAsync(HttpContext context, NetworkFault.Status status)
    {
        context.Response.StatusCode = status.Code;
        foreach (var (name, value) in status.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(status.Body);
    }

    private static string? Text(JsonElement body, string name) => NetworkRequest.Read(body, name)?.GetString() is { Length: > 0 } text ? text : null;

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = 404;
        return Task.CompletedTask;
    }

    private async Task HandleAsync(HttpContext context, Func<JsonElement, string?> refusal, Func<string, JsonElement, object> answer)
    {
        Interlocked.Increment(ref _received);
        var token = context.Request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth["Bearer ".Length..] : null;
        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body);
            body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            body = default;
        }

        var path = context.Request.Path.Value!.TrimStart('/');
        if (_faults.TryDequeue(out var fault))
        {
            switch (fault)
            {
                case NetworkFault.Status status:
                    await AnswerAsync(context, status);
                    return;
                case NetworkFault.Hang hang:
                    await Task.Delay(hang.For, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                    return;
                case NetworkFault.Reset:
                    context.Abort();
                    return;
                case NetworkFault.LoseAnswer:
                    _published.Enqueue(new NetworkRequest(path, token, body, "published, answer lost"));
                    context.Abort();
                    return;
            }
        }

        var problem = token is null ? "no bearer token" : body.ValueKind != JsonValueKind.Object ? "the body is not a JSON object" : refusal(body);
        if (problem is not null)
        {
            _malformed.Enqueue($"{path}: {problem}");
            context.Response.StatusCode = 400;
            await context.Response.WriteAsJsonAsync(new { error = new { message = problem, code = 100 } });
            return;
        }

        var id = Interlocked.Increment(ref _ids).ToString(CultureInfo.InvariantCulture);
        _published.Enqueue(new NetworkRequest(path, token, body, id));
        context.Response.StatusCode = path.StartsWith("2/", StringComparison.Ordinal) ? 201 : 200;
        await context.Response.WriteAsJsonAsync(answer(id, body));
    }
}
