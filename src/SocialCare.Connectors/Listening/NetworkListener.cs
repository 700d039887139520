using System.Text.Json;
using Grpc.Core;
using SocialCare.Connectors.Delivery;

namespace SocialCare.Connectors.Listening;

/// <summary>
/// What every listener does: round after round, it reads the tenant's tracking rules (so a change
/// of the rules changes the next search), searches the network with them, and ingests what it
/// finds as keyword mentions; a SocialCare that is away or busy is waited for, and a post it could
/// not take is searched again next round.
/// </summary>
public abstract class NetworkListener(
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

    /// <summary>Posts found and stored (or found stored already).</summary>
    public long Ingested => Interlocked.Read(ref _ingested);

    /// <summary>Posts the tenant's rules did not take (FAILED_PRECONDITION from ingest).</summary>
    public long NotTaken => Interlocked.Read(ref _notTaken);

    /// <summary>The network's name in the log ("X", "Instagram").</summary>
    protected abstract string Network { get; }

    protected string TenantId => tenantId;

    protected AccountCredential Account => account;

    protected NetworkEndpoints Endpoints => endpoints;

    protected ListeningSettings Settings => settings;

    protected TimeProvider Clock => clock;

    protected void Log(string line) => log($"listening on {Network}: {line}");

    /// <summary>One round: search with <paramref name="rules"/> and ingest what is new.</summary>
    /// <returns>How long the network asked to wait before the next round, if it did.</returns>
    protected abstract Task<TimeSpan?> RoundAsync(Wire.TrackingRules rules, CancellationToken cancellationToken);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var wait = settings.Interval;
            try
            {
                var rules = await ingest.GetTrackingRulesAsync(new Wire.GetTrackingRulesRequest { Name = $"tenants/{tenantId}" }, cancellationToken: cancellationToken).ConfigureAwait(false);
                wait = await RoundAsync(rules.Tracking, cancellationToken).ConfigureAwait(false) ?? wait;
            }
            catch (RpcException lost) when (!cancellationToken.IsCancellationRequested && lost.StatusCode is StatusCode.Unavailable or StatusCode.ResourceExhausted or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown)
            {
                Log($"SocialCare did not take the round ({lost.StatusCode}); trying again in {wait.TotalSeconds:0} s");
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

    /// <summary>A GET to the network as the account, within the endpoints' timeout.</summary>
    /// <returns>The answer's JSON, or null (logged) when it failed; <paramref name="rateLimited"/> holds the network's 429 answer, if any.</returns>
    protected async Task<(JsonDocument? Answer, HttpResponseMessage? RateLimited)> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", account.AccessToken);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(endpoints.Timeout);
        try
        {
            var response = await http.SendAsync(request, attempt.Token).ConfigureAwait(false);
            if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
            {
                return (null, response);
            }

            using (response)
            {
                if (!response.IsSuccessStatusCode)
                {
                    Log($"the search answered HTTP {(int)response.StatusCode}; trying again next round");
                    return (null, null);
                }

                return (JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(attempt.Token).ConfigureAwait(false)), null);
            }
        }
        catch (Exception failed) when (failed is HttpRequestException or IOException or JsonException || (failed is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Log($"the search did not answer ({failed.GetType().Name}); trying again next round");
            return (null, null);
        }
    }

    /// <returns>False when SocialCare could not take it now (the round ends; the post is searched again).</returns>
    protected async Task<bool> IngestAsync(Wire.Mention mention, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mention);
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
            Log($"post {mention.NetworkMessageId} refused ({refused.Status.Detail}); skipped");
            return true;
        }
        catch (RpcException busy) when (busy.StatusCode is StatusCode.ResourceExhausted or StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            Log($"SocialCare is busy ({busy.StatusCode}); post {mention.NetworkMessageId} is searched again next round");
            return false;
        }
    }
}
