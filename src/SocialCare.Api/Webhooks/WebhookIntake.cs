using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using SocialCare.Api.Ingest;
using SocialCare.Connectors.Webhooks;
using SocialCare.Domain.Deliveries;
using SocialCare.Domain.Errors;
using SocialCare.Grains.Abstractions;
using SocialCare.Grains.Abstractions.Conversations;
using SocialCare.Grains.Abstractions.Deliveries;
using SocialCare.Grains.Abstractions.Tenants;

namespace SocialCare.Api.Webhooks;

/// <summary>
/// Stores what a verified webhook request carried, through the same path as IngestMention: each
/// customer post becomes a mention of the tenant (a redelivered one is stored once, by its network
/// id), an echo of our own message confirms its delivery, and posts of accounts the tenant does not
/// list are skipped. One author's posts are stored in the order sent; different authors' at once.
/// </summary>
public sealed partial class WebhookIntake(IGrainFactory grains, IMeterFactory meters, ILogger<WebhookIntake> logger)
{
    /// <summary>Authors stored at once for one request.</summary>
    private const int AuthorsAtOnce = 32;

    private readonly Counter<long> _requests = meters.Create("SocialCare").CreateCounter<long>(
        "socialcare.webhooks.requests", "{request}", "Webhook requests, by network and outcome (stored, unsigned, forged, malformed, unknown_tenant, too_slow).");

    private readonly Counter<long> _posts = meters.Create("SocialCare").CreateCounter<long>(
        "socialcare.webhooks.posts", "{post}", "Events read from webhooks, by network and outcome (stored, duplicate, echo, applied, skipped with its reason, refused).");

    private const string SkippedOutcome = "skipped";

    /// <summary>What one request stored.</summary>
    public sealed record Outcome(int Stored, int Duplicates, int Echoes, int Skipped, int Refused)
    {
        /// <summary>Edits, deletions and reactions applied to stored messages (a redelivered change counts again: it changed nothing).</summary>
        public int Applied { get; init; }

        /// <summary>Replies the network said it could not deliver after all.</summary>
        public int Undelivered { get; init; }

        /// <summary>The skipped events by reason (<see cref="WebhookSkips"/>).</summary>
        public IReadOnlyDictionary<string, int> SkippedBy { get; init; } = new Dictionary<string, int>();
    }

    public void Count(string network, string outcome) =>
        _requests.Add(1, new KeyValuePair<string, object?>("network", network), new KeyValuePair<string, object?>("outcome", outcome));

    public async Task<Outcome> StoreAsync(string network, string tenantId, WebhookBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var settings = await grains.GetCareGrain<ITenantGrain>(tenantId).GetAsync()
            ?? throw CareException.NotFound($"Tenant {Echo.Quote(tenantId)}", "tenant");
        var listed = settings.ChannelAccounts.Select(a => (a.Channel, a.AccountId)).ToHashSet();
        var skips = new Dictionary<string, int>(batch.Skips, StringComparer.Ordinal);
        var posts = new List<InboundPost>();
        foreach (var post in batch.Posts)
        {
            // A tenant that lists its accounts takes posts of those only: a page shared by mistake
            // between two tenants' apps does not leak one brand's customers into the other's desk.
            if (listed.Count > 0 && !listed.Contains((post.Channel, post.AccountId)))
            {
                skips[WebhookSkips.OtherAccount] = skips.GetValueOrDefault(WebhookSkips.OtherAccount) + 1;
                continue;
            }

            posts.Add(post);
        }

        using var slots = new SemaphoreSlim(AuthorsAtOnce);
        var byAuthor = posts.GroupBy(p => (p.Channel, GrainKeys.GroupAuthor(p.GroupId) ?? p.AuthorId)).Select(async author =>
        {
            await slots.WaitAsync();
            try
            {
                var outcomes = new List<string>();
                foreach (var post in author)
                {
                    outcomes.Add(await StoreAsync(tenantId, post));
                }

                return outcomes;
            }
            finally
            {
                slots.Release();
            }
        });
        var results = new List<string>();
        foreach (var outcomes in await Task.WhenAll(byAuthor))
        {
            results.AddRange(outcomes);
        }

        foreach (var confirmation in batch.Confirmations)
        {
            results.Add(await ConfirmAsync(tenantId, confirmation.DeliveryId, confirmation.NetworkMessageId, confirmation.At, confirmation.Failure));
        }

        // After the posts: an edit in the same request as its message finds the message stored.
        foreach (var change in batch.Changes)
        {
            if (listed.Count > 0 && !listed.Contains((change.Channel, change.Change.AccountId)))
            {
                skips[WebhookSkips.OtherAccount] = skips.GetValueOrDefault(WebhookSkips.OtherAccount) + 1;
                continue;
            }

            var applied = await grains.GetCareGrain<IAuthorGrain>(GrainKeys.Author(tenantId, change.Channel, GrainKeys.GroupAuthor(change.GroupId) ?? change.AuthorId)).ApplyNetworkChangeAsync(change.Change);
            if (applied == ConversationOutcome.UnknownMessage)
            {
                skips[WebhookSkips.UnknownMessage] = skips.GetValueOrDefault(WebhookSkips.UnknownMessage) + 1;
            }
            else
            {
                results.Add("applied");
            }
        }

        var counts = results.CountBy(r => r).ToDictionary();
        foreach (var (outcome, count) in counts.Where(c => c.Key != SkippedOutcome))
        {
            _posts.Add(count, new KeyValuePair<string, object?>("network", network), new KeyValuePair<string, object?>("outcome", outcome));
        }

        // Posts the store itself skipped (an echo that names no delivery of ours) join the reader's skips.
        if (counts.GetValueOrDefault(SkippedOutcome) is > 0 and var own)
        {
            skips[WebhookSkips.OwnMessage] = skips.GetValueOrDefault(WebhookSkips.OwnMessage) + own;
        }

        if (skips.Count > 0 && logger.IsEnabled(LogLevel.Debug))
        {
            LogSkipped(logger, network, tenantId, string.Join(", ", skips.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}")));
        }

        foreach (var (reason, count) in skips)
        {
            _posts.Add(
                count,
                new KeyValuePair<string, object?>("network", network),
                new KeyValuePair<string, object?>("outcome", SkippedOutcome),
                new KeyValuePair<string, object?>("reason", reason));
        }

        return new Outcome(counts.GetValueOrDefault("stored"), counts.GetValueOrDefault("duplicate"), counts.GetValueOrDefault("echo"), skips.Values.Sum(), counts.GetValueOrDefault("refused"))
        {
            SkippedBy = skips,
            Applied = counts.GetValueOrDefault("applied"),
            Undelivered = counts.GetValueOrDefault("undelivered"),
        };
    }

    private async Task<string> StoreAsync(string tenantId, InboundPost post)
    {
        if (post.IsEcho)
        {
            return await ConfirmEchoAsync(tenantId, post);
        }

        try
        {
            var mention = post.ToMention(tenantId).ToDomain();
            var receipt = await grains.GetCareGrain<IAuthorGrain>(GrainKeys.AuthorOf(mention)).IngestAsync(mention);
            return receipt.Duplicate ? "duplicate" : "stored";
        }
        catch (CareException refused) when (refused.Kind is CareErrorKind.InvalidArgument or CareErrorKind.FailedPrecondition)
        {
            // Retrying cannot make it valid, so the request is still answered 200: the network
            // would otherwise redeliver the batch forever. Logged without the customer's text.
            LogRefused(logger, tenantId, post.Channel.ToString(), post.NetworkMessageId, refused.Field ?? "", refused.Kind.ToString());
            return "refused";
        }
    }

    /// <summary>Our own message coming back: if it names its delivery, that delivery is sent (a report the sender may have lost).</summary>
    private Task<string> ConfirmEchoAsync(string tenantId, InboundPost post) =>
        post.EchoOfDelivery is { } deliveryId ? ConfirmAsync(tenantId, deliveryId, post.NetworkMessageId, post.CreatedAt) : Task.FromResult(SkippedOutcome);

    /// <summary>
    /// The network says a message we sent is out (its delivery is sent; harmless if the sender
    /// already said so), or, with <paramref name="failure"/>, that it never reached the customer.
    /// </summary>
    private async Task<string> ConfirmAsync(string tenantId, string deliveryId, string networkMessageId, DateTimeOffset? at, string? failure = null)
    {
        if (!DeliveryIds.TryParse(deliveryId, out _, out _))
        {
            return SkippedOutcome;
        }

        try
        {
            await grains.GetCareGrain<IDeliveryDeskGrain>(tenantId).ReportAsync(failure is null
                ? new DeliveryReport(deliveryId, DeliveryOutcome.Sent, networkMessageId, SentAt: at)
                : new DeliveryReport(deliveryId, DeliveryOutcome.Undelivered, networkMessageId, Reason: failure));
            return failure is null ? "echo" : "undelivered";
        }
        catch (CareException unknown) when (unknown.Kind is CareErrorKind.NotFound or CareErrorKind.InvalidArgument)
        {
            // Sent by something else (another tool on the page) with metadata that looks like ours.
            return SkippedOutcome;
        }
    }

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "Webhook request from {Network} for tenant {TenantId} had events skipped: {Reasons}")]
    private static partial void LogSkipped(ILogger logger, string network, string tenantId, string reasons);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Webhook post {NetworkMessageId} on {Channel} for tenant {TenantId} was refused ({Kind}, field {Field}) and skipped.")]
    private static partial void LogRefused(ILogger logger, string tenantId, string channel, string networkMessageId, string field, string kind);
}
